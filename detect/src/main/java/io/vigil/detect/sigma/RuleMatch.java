package io.vigil.detect.sigma;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule that matched: a detection rule on one event, or a correlation rule on a window of them.
 *
 * @param alerts whether the rule alerts on its own: false for a rule used only by correlation
 *     rules that do not {@code generate} it
 * @param firstSeen event time of the first event involved
 * @param lastSeen event time of the last event involved
 * @param events how many events (or inner correlation matches) are involved; 1 for a detection rule
 * @param value what the condition was tested on: the event count, the number of distinct values
 *     or rules, or the number of rules seen in order; 1 for a detection rule
 * @param group the group-by values of a correlation, by group-by name; empty for a detection rule
 * @param eventIds the ids of the events involved, oldest first: the event's for a detection rule (none
 *     when the caller gave none); for a correlation, the distinct ids of the newest of its events, at most 10
 */
public record RuleMatch(SigmaRule rule, boolean alerts, Instant firstSeen, Instant lastSeen, long events, long value, Map<String, String> group,
    List<String> eventIds) {
  public RuleMatch {
    group = Collections.unmodifiableMap(new LinkedHashMap<>(group));
    eventIds = List.copyOf(eventIds);
  }
}
