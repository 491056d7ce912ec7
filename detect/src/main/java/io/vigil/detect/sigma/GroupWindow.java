package io.vigil.detect.sigma;

import java.util.Arrays;

/**
 * The matches one correlation group holds: event times (epoch milliseconds) in ascending order,
 * each with the value it contributes (the counted field's value, or the referenced rule's
 * position), and null for event_count. Not thread-safe.
 */
final class GroupWindow {
  long[] times = new long[4];
  String[] values = new String[4];
  int size;

  /** Inserts a match in time order, after any match with the same time. */
  void insert(long time, String value) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    int at = upper(time);
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    times[at] = time;
    values[at] = value;
    size++;
  }

  /** The index of the first match later than {@code time} (size when none). */
  int upper(long time) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Drops the {@code n} oldest matches. */
  void removeFirst(int n) {
    System.arraycopy(times, n, times, 0, size - n);
    System.arraycopy(values, n, values, 0, size - n);
    Arrays.fill(values, size - n, size, null);
    size -= n;
  }

  /** Drops the matches older than {@code time}. */
  void removeBefore(long time) {
    int lo = 0;
    while (lo < size && times[lo] < time) {
      lo++;
    }
    removeFirst(lo);
  }

  long oldest() {
    return times[0];
  }

  long newest() {
    return times[size - 1];
  }
}
