package io.vigil.detect.anomaly;

import java.util.Arrays;

/**
 * One rate of one device, counted in one-minute windows: the open window, the history of recent
 * normal windows (a ring), and the alarm's hysteresis. A window closes when a later minute's count
 * arrives. The minutes skipped in between, with no count at all, are quiet: they count as inside the
 * band for the hysteresis but stay out of the history, so that a device quiet for an hour (or off)
 * does not come back to a band of zero. Counts for a minute before the open one are late and left
 * out. Not thread-safe.
 */
final class RateWindow {
  /** The open window's minute (epoch minutes); Long.MIN_VALUE before the first count. */
  long minute = Long.MIN_VALUE;
  int count;
  /** Normal windows' counts, a ring: {@code next} is where the next one goes, {@code size} how many are held. */
  int[] history;
  int size;
  int next;
  int outside;
  int inside;
  boolean alarmed;
  long late;

  RateWindow(int windows) {
    history = new int[windows];
  }

  /** An alarm: {@code k} consecutive windows above the band, the last of which is {@code minute}. */
  record Excursion(long firstMinute, long minute, int count, double median, double upper) {}

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
    Excursion raised = close(minute, count, learning, s);
    long quiet = Math.min(atMinute - minute - 1, s.hysteresis());
    for (long i = 0; i < quiet && !learning && size >= s.minHistory(); i++) {
      inside(s);
    }
    minute = atMinute;
    count = n;
    return raised;
  }

  private Excursion close(long window, int c, boolean learning, AnomalySettings s) {
    if (learning || size < s.minHistory()) {
      push(c);
      return null;
    }
    double[] band = band(s);
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

  /** The median of the history and the band's upper bound. */
  double[] band(AnomalySettings s) {
    int[] v = Arrays.copyOf(chronological(), size);
    Arrays.sort(v);
    double median = median(v);
    double[] deviations = new double[size];
    for (int i = 0; i < size; i++) {
      deviations[i] = Math.abs(v[i] - median);
    }
    Arrays.sort(deviations);
    double mad = size % 2 == 1 ? deviations[size / 2] : (deviations[size / 2 - 1] + deviations[size / 2]) / 2;
    double excess = Math.max(s.sigmas() * 1.4826 * mad, Math.max(s.minExcess(), median / 2));
    return new double[] {median, median + excess};
  }

  private static double median(int[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
  }

  void push(int c) {
    history[next] = c;
    next = (next + 1) % history.length;
    if (size < history.length) {
      size++;
    }
  }

  /** The held history, oldest first. */
  int[] chronological() {
    int[] out = new int[size];
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
