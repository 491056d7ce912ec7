package io.vigil.detect.anomaly;

import java.util.Arrays;

/**
 * One rate of one device: the history of recent normal windows (a ring) and the alarm's hysteresis.
 *
 * <p>Counted rates ({@link #add}) use one-minute windows with an open window that closes when a
 * later minute's count arrives. The minutes skipped in between, with no count at all, are quiet:
 * they count as inside the band for the hysteresis but stay out of the history, so that a device
 * quiet for an hour (or off) does not come back to a band of zero. Counts for a minute before the
 * open one are late and left out.
 *
 * <p>Reported rates ({@link #addWindow}) arrive as whole windows, each an interval the device
 * measured (the bytes it sent between two heartbeats), and are judged at once; a window that does
 * not end after the previous one is late (or a duplicate) and left out. Not thread-safe.
 */
final class RateWindow {
  /** The open window's minute (epoch minutes), or for reported windows the last one's end (epoch seconds); Long.MIN_VALUE before the first. */
  long minute = Long.MIN_VALUE;
  int count;
  /**
   * Normal windows' counts, a ring: {@code next} is where the next one goes, {@code size} how many are
   * held. Allocated at the first window, so a rate the device never reports (bytes out from an agent
   * that does not count them) costs no history.
   */
  private int[] history;
  private final int capacity;
  int size;
  int next;
  int outside;
  int inside;
  boolean alarmed;
  long late;
  /** Reported windows: the start (epoch seconds) of the first window of the current run above the band; Long.MIN_VALUE when none. */
  long since = Long.MIN_VALUE;

  RateWindow(int windows) {
    capacity = windows;
  }

  /**
   * An alarm: {@code k} consecutive windows above the band, from {@code first} to {@code last}: epoch
   * minutes of the first and last window for counted rates, epoch seconds of the first window's
   * start and the last one's end for reported ones. {@code count} is the last window's.
   */
  record Excursion(long first, long last, int count, double median, double upper) {}

  /**
   * Counts {@code n} events in {@code atMinute}.
   *
   * @param learning true while the profile learns: windows only feed the history
   * @return the alarm this raised, or null when none
   */
  Excursion add(long atMinute, int n, boolean learning, AnomalySettings s) {
    if (minute == Long.MIN_VALUE) {
      minute = atMinute;
      count = n;
      return null;
    }
    if (atMinute < minute) {
      late += n;
      return null;
    }
    if (atMinute == minute) {
      count = saturate((long) count + n);
      return null;
    }
    Excursion raised = close(minute, count, learning, s, s.minExcess());
    long quiet = Math.min(atMinute - minute - 1, s.hysteresis());
    for (long i = 0; i < quiet && !learning && size >= s.minHistory(); i++) {
      inside(s);
    }
    minute = atMinute;
    count = n;
    return raised;
  }

  /**
   * Judges one reported window, {@code value} over the interval from {@code start} to {@code end}
   * (epoch seconds).
   *
   * @param minExcess the least excess above the median that counts as outside, in the value's unit
   * @return the alarm this raised, or null when none
   */
  Excursion addWindow(long start, long end, int value, boolean learning, AnomalySettings s, int minExcess) {
    if (minute != Long.MIN_VALUE && end <= minute) {
      late += value;
      return null;
    }
    minute = end;
    count = value;
    if (learning || size < s.minHistory()) {
      push(value);
      return null;
    }
    if (outside == 0) {
      since = start;
    }
    Excursion x = close(since, value, learning, s, minExcess);
    return x == null ? null : new Excursion(since, end, value, x.median(), x.upper());
  }

  private Excursion close(long window, int c, boolean learning, AnomalySettings s, int minExcess) {
    if (learning || size < s.minHistory()) {
      push(c);
      return null;
    }
    double[] band = band(s, minExcess);
    if (c > band[1]) {
      inside = 0;
      outside++;
      if (!alarmed && outside >= s.hysteresis()) {
        alarmed = true;
        return new Excursion(window - s.hysteresis() + 1, window, c, band[0], band[1]);
      }
      return null;
    }
    push(c);
    inside(s);
    return null;
  }

  private void inside(AnomalySettings s) {
    outside = 0;
    inside++;
    if (alarmed && inside >= s.hysteresis()) {
      alarmed = false;
    }
  }

  /** The median of the history and the band's upper bound, at least {@code minExcess} above the median. */
  double[] band(AnomalySettings s, int minExcess) {
    int[] v = Arrays.copyOf(chronological(), size);
    Arrays.sort(v);
    double median = median(v);
    double[] deviations = new double[size];
    for (int i = 0; i < size; i++) {
      deviations[i] = Math.abs(v[i] - median);
    }
    Arrays.sort(deviations);
    double mad = size % 2 == 1 ? deviations[size / 2] : (deviations[size / 2 - 1] + deviations[size / 2]) / 2;
    double excess = Math.max(s.sigmas() * 1.4826 * mad, Math.max(minExcess, median / 2));
    return new double[] {median, median + excess};
  }

  private static double median(int[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
  }

  void push(int c) {
    if (history == null) {
      history = new int[capacity];
    }
    history[next] = c;
    next = (next + 1) % history.length;
    if (size < history.length) {
      size++;
    }
  }

  /** The held history, oldest first. */
  int[] chronological() {
    int[] out = new int[size];
    if (size == 0) {
      return out;
    }
    int start = (next - size + history.length) % history.length;
    for (int i = 0; i < size; i++) {
      out[i] = history[(start + i) % history.length];
    }
    return out;
  }

  private static int saturate(long v) {
    return (int) Math.min(v, Integer.MAX_VALUE);
  }
}
