package io.vigil.detect.intel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects a {@link FeedResult} while a reader walks a feed. One per read; not thread-safe. */
final class FeedLoad {
  private final String feed;
  private final List<Indicator> indicators = new ArrayList<>();
  private final List<FeedProblem> problems = new ArrayList<>();
  private final Map<String, Integer> skipped = new TreeMap<>();
  private final Map<List<String>, List<String>> sharedTags = new HashMap<>();

  FeedLoad(String feed) {
    this.feed = feed;
  }

  String feed() {
    return feed;
  }

  /**
   * Adds an indicator, or a problem at {@code location} when its value or fields are invalid.
   * Rows with equal tags share one list, which matters with a million rows.
   */
  void add(String location, IndicatorType type, String value, String source, int confidence, Instant expires, List<String> tags) {
    try {
      List<String> shared = sharedTags.computeIfAbsent(List.copyOf(tags), t -> t);
      indicators.add(new Indicator(type, value, source, confidence, expires, shared));
    } catch (IllegalArgumentException e) {
      problem(location, e.getMessage());
    }
  }

  void problem(String location, String message) {
    problems.add(new FeedProblem(location, message));
  }

  void skip(String reason) {
    skipped.merge(reason, 1, Integer::sum);
  }

  FeedResult result() {
    return new FeedResult(feed, indicators, problems, skipped);
  }
}
