package io.vigil.detect.sigma;

import io.vigil.detect.lifecycle.AlertLifecycle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The matches one correlation group holds: event times (epoch milliseconds) in ascending order,
 * each with the value it contributes (the counted field's value, or the referenced rule's
 * position), and null for event_count. Not thread-safe.
 *
 * <p>Each match also has its evidence: the id of its event (a String), or the evidence of an inner
 * correlation's firing (a String[]). Only the newest {@value #EVIDENCE} matches with evidence keep
 * it, so a group holds at most that many, whatever its size; a match with the same time and id as
 * the match inserted just before it (another item of the same event, whose matches arrive one after
 * another) keeps none, so the ten are distinct events.
 */
final class GroupWindow {
  /** How many matches keep their evidence, and how many event ids a firing names. */
  static final int EVIDENCE = AlertLifecycle.MAX_EVIDENCE;

  long[] times = new long[4];
  String[] values = new String[4];
  /** Per match, null (none, a repeat, or no longer among the newest) or a String event id or a String[] of them. */
  Object[] ids = new Object[4];
  int size;
  /** How many entries of {@code ids} are not null. */
  private int kept;
  /** Every entry of {@code ids} below this index is null. */
  private int oldestKept;
  /** The time and id of the match inserted last, kept even when its entry of {@code ids} is null. */
  private long lastTime;
  private Object lastId;
  /**
   * How many times each value occurs among matches [liveFrom, liveTo), so that a window's distinct
   * values need not be counted again for each match; null when not known (it is rebuilt on demand).
   * Matches inserted in the middle drop it; matches appended at the end are added lazily, and
   * dropped matches leave it.
   */
  private java.util.HashMap<String, Integer> live;
  private int liveFrom;
  private int liveTo;
  /** How many times the counts were started over (for tests: matches in time order need it once). */
  int recounts;

  /** Inserts a match in time order, after any match with the same time. */
  void insert(long time, String value, Object id) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
      ids = Arrays.copyOf(ids, size * 2);
    }
    int at = upper(time);
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    System.arraycopy(ids, at, ids, at + 1, size - at);
    times[at] = time;
    values[at] = value;
    size++;
    if (at < liveTo) {
      live = null; // indices at and after it moved
    }
    if (oldestKept > at) {
      oldestKept++;
    }
    // Not ids[at - 1]: that entry is null when it was itself a repeat or is no longer among the newest.
    boolean repeat = lastId != null && lastTime == time && Objects.equals(lastId, id);
    lastTime = time;
    lastId = id;
    ids[at] = repeat ? null : id;
    if (ids[at] == null) {
      return;
    }
    kept++;
    oldestKept = Math.min(oldestKept, at);
    if (kept > EVIDENCE) {
      while (ids[oldestKept] == null) {
        oldestKept++;
      }
      ids[oldestKept++] = null; // the oldest kept: possibly this match, when it came late
      kept--;
    }
  }

  /**
   * The distinct event ids of matches [from, to), at most {@value #EVIDENCE}, the newest of them,
   * oldest first. Matches that are no longer among the group's newest have none.
   */
  List<String> evidence(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = to - 1; i >= from && out.size() < EVIDENCE; i--) {
      if (ids[i] instanceof String id) {
        add(out, id);
      } else if (ids[i] instanceof String[] inner) {
        for (int k = inner.length - 1; k >= 0 && out.size() < EVIDENCE; k--) {
          add(out, inner[k]);
        }
      }
    }
    Collections.reverse(out);
    return out;
  }

  private static void add(List<String> out, String id) {
    if (!out.contains(id)) {
      out.add(id);
    }
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
    if (live != null && liveFrom < n) {
      // The counted matches among them leave the counts: dropping the counts instead would mean
      // counting the whole window again for the next match, each time old matches expire.
      for (int i = liveFrom; i < Math.min(n, liveTo); i++) {
        uncount(values[i]);
      }
      liveFrom = n;
      liveTo = Math.max(liveTo, n);
    }
    for (int i = oldestKept; i < n; i++) {
      if (ids[i] != null) {
        kept--;
      }
    }
    oldestKept = Math.max(0, oldestKept - n);
    System.arraycopy(times, n, times, 0, size - n);
    System.arraycopy(values, n, values, 0, size - n);
    System.arraycopy(ids, n, ids, 0, size - n);
    Arrays.fill(values, size - n, size, null);
    Arrays.fill(ids, size - n, size, null);
    size -= n;
    liveFrom = Math.max(0, liveFrom - n);
    liveTo = Math.max(0, liveTo - n);
  }

  /** The number of distinct values among matches [from, size); amortised O(1) while matches come in time order. */
  int distinctFrom(int from) {
    if (live == null || from < liveFrom) {
      live = new java.util.HashMap<>();
      liveFrom = from;
      liveTo = from;
      recounts++;
    }
    for (; liveTo < size; liveTo++) {
      live.merge(values[liveTo], 1, Integer::sum);
    }
    for (; liveFrom < from; liveFrom++) {
      uncount(values[liveFrom]);
    }
    return live.size();
  }

  private void uncount(String value) {
    live.computeIfPresent(value, (k, n) -> n == 1 ? null : n - 1);
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
