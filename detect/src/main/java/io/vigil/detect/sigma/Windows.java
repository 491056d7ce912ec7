package io.vigil.detect.sigma;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a correlation measures over a run of matches of a {@link GroupWindow}, and where its
 * windows are. A window is [t, t + timespan] for the time t of one of its matches.
 */
final class Windows {
  private static final String[] POSITIONS = new String[64];

  static {
    for (int i = 0; i < POSITIONS.length; i++) {
      POSITIONS[i] = Integer.toString(i);
    }
  }

  private Windows() {}

  /** The value a match of input {@code input} contributes to a temporal correlation. */
  static String position(int input) {
    return input < POSITIONS.length ? POSITIONS[input] : Integer.toString(input);
  }

  /**
   * The measure of matches [from, to): their count (event_count), their distinct values
   * (value_count, temporal), or how many of the rules appear in order (temporal_ordered).
   */
  static long measure(CorrelationRule rule, GroupWindow w, int from, int to) {
    return switch (rule.type()) {
      case "event_count" -> to - from;
      case "temporal_ordered" -> inOrder(w, from, to, rule.inputs().length);
      default -> {
        Set<String> seen = new HashSet<>();
        for (int i = from; i < to; i++) {
          seen.add(w.values[i]);
        }
        yield seen.size();
      }
    };
  }

  private static long inOrder(GroupWindow w, int from, int to, int rules) {
    int step = 0;
    for (int i = from; i < to && step < rules; i++) {
      if (position(step).equals(w.values[i])) {
        step++;
      }
    }
    return step;
  }

  /**
   * The first window containing time {@code t} whose measure satisfies a monotone rule, as {from,
   * to}; null when none does. Windows that do not contain t were tested when their own matches
   * arrived.
   */
  static int[] firstSatisfied(CorrelationRule rule, GroupWindow w, long t) {
    long span = rule.timespanMillis();
    int start = lower(w, t - span);
    if (w.size == 0) {
      return null;
    }
    if (w.newest() <= t) {
      // The usual case, t is the newest match: every window that contains t ends after the last
      // match, so the one anchored at start holds all the others, and a monotone measure is
      // satisfied by one of them only if by it. One measure instead of a slide over the anchors.
      long value = switch (rule.type()) {
        case "event_count", "temporal_ordered" -> measure(rule, w, start, w.size);
        default -> w.distinctFrom(start);
      };
      return rule.satisfied(value) ? new int[] {start, w.size} : null;
    }
    return slide(rule, w, t, start);
  }

  /** {@link #firstSatisfied} by trying each window in turn, from the one anchored at match {@code start}. */
  static int[] slide(CorrelationRule rule, GroupWindow w, long t, int start) {
    long span = rule.timespanMillis();
    if (rule.type().equals("temporal_ordered")) {
      for (int i = start; i < w.size && w.times[i] <= t; i++) {
        int to = w.upper(w.times[i] + span);
        if (rule.satisfied(measure(rule, w, i, to))) {
          return new int[] {i, to};
        }
      }
      return null;
    }
    // Slide [i, j) over the anchors in [t - span, t], keeping the distinct values of the window.
    boolean distinct = !rule.type().equals("event_count");
    Map<String, Integer> counts = new HashMap<>();
    int j = start;
    for (int i = start; i < w.size && w.times[i] <= t; i++) {
      long end = w.times[i] + span;
      while (j < w.size && w.times[j] <= end) {
        if (distinct) {
          counts.merge(w.values[j], 1, Integer::sum);
        }
        j++;
      }
      long value = distinct ? counts.size() : j - i;
      if (rule.satisfied(value)) {
        return new int[] {i, j};
      }
      if (distinct) {
        counts.computeIfPresent(w.values[i], (k, n) -> n == 1 ? null : n - 1);
      }
    }
    return null;
  }

  /** The index of the first match at or after {@code time}. */
  private static int lower(GroupWindow w, long time) {
    int lo = 0;
    int hi = w.size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (w.times[mid] < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
