package io.vigil.bench.footprint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** RSS samples of one process in the order taken, and their peak and medians in MB (MiB, as /proc counts). Not thread-safe. */
final class RssSamples {
  private final List<Long> kb = new ArrayList<>();

  void add(long rssKb) {
    kb.add(rssKb);
  }

  /** How many samples were taken; the index the next one gets. */
  int size() {
    return kb.size();
  }

  /** The largest sample in {@code [from, to)}. */
  double peakMb(int from, int to) {
    return Collections.max(range(from, to)) / 1024.0;
  }

  /** The median of the samples in {@code [from, to)}. */
  double medianMb(int from, int to) {
    List<Long> sorted = new ArrayList<>(range(from, to));
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2) / 1024.0;
  }

  private List<Long> range(int from, int to) {
    if (from < 0 || to > kb.size() || from >= to) {
      throw new IllegalArgumentException("no samples in [" + from + ", " + to + ") of " + kb.size());
    }
    return kb.subList(from, to);
  }
}
