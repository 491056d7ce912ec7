package io.vigil.detect.sigma;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public record RuleMatch(SigmaRule rule, boolean alerts, Instant firstSeen, Instant lastSeen, long events, long value, Map<String, String> group) {
  public RuleMatch {
    group = Collections.unmodifiableMap(new LinkedHashMap<>(group));
  }
}
