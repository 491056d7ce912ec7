package io.vigil.detect.intel;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reading one feed gave: the indicators that loaded and the entries that did not.
 *
 * <p>A bad entry never stops the others from loading. Only a file that cannot be read as its
 * format at all (a CSV without its header, malformed JSON) loads nothing, with one problem saying
 * where it broke.
 *
 * @param feed the feed's name, usually its file name
 * @param indicators the indicators that loaded, in feed order
 * @param problems the entries meant for detection that did not load, in feed order
 * @param skipped entries left out on purpose, counted by reason: revoked STIX indicators, MISP
 *     attributes whose {@code to_ids} is false or that are deleted, STIX comparisons on properties
 *     other than the supported ones inside a pattern that has supported ones
 */
public record FeedResult(String feed, List<Indicator> indicators, List<FeedProblem> problems, Map<String, Integer> skipped) {
  public FeedResult {
    Objects.requireNonNull(feed, "feed is required");
    indicators = List.copyOf(indicators);
    problems = List.copyOf(problems);
    skipped = Map.copyOf(skipped);
  }

  /** True when every entry meant for detection loaded. */
  public boolean clean() {
    return problems.isEmpty();
  }
}
