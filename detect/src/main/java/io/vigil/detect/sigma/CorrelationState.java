package io.vigil.detect.sigma;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The correlation windows of one device, kept between events by a {@link CorrelationStore}. Its
 * contents belong to the engine; the runtime only stores it. Not thread-safe: the runtime hands it
 * to one thread at a time (the device's shard).
 */
public final class CorrelationState {
  /** The latest event time seen (epoch milliseconds): the device's event-time clock. */
  long clock = Long.MIN_VALUE;
  /** When the next window is due to be decided or expired; Long.MAX_VALUE when none. */
  long nextDue = Long.MAX_VALUE;
  long lateEvents;
  /** The security group of the device's latest event, for matches decided by a timer; null when not known. */
  String securityGroup;
  /** Correlation rule id to group-by values to the group's matches. */
  final Map<String, Map<List<String>, GroupWindow>> windows = new HashMap<>();

  /** How many matches arrived later than the allowed lateness and were left out of correlation. */
  public long lateEvents() {
    return lateEvents;
  }

  /** True when no window holds a match. */
  public boolean isEmpty() {
    return windows.isEmpty();
  }
}
