package io.vigil.detect.sigma;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The engine's timers kept for a runtime that has no event-time timer service of its own: the
 * embedded server asks, now and then, which timers are due by its clock. A device that falls
 * silent has no event time of its own, so its windows are decided once the runtime's clock has
 * passed their end by the allowed lateness. Pure: no threads, no clock of its own. Not
 * thread-safe: the detection's thread registers and polls.
 */
public final class DueTimers implements EventTimers {
  /** One due timer: decide {@code deviceId}'s windows up to {@code time}. */
  public record Due(String deviceId, Instant time) {}

  private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.time().compareTo(b.time()));
  private final Set<Due> registered = new HashSet<>();

  @Override
  public void register(String deviceId, Instant time) {
    Due d = new Due(deviceId, time);
    if (registered.add(d)) {
      queue.add(d);
    }
  }

  /** Removes and returns the timers whose time plus {@code lateness} is not after {@code now}, earliest first. */
  public List<Due> pollDue(Instant now, Duration lateness) {
    List<Due> out = new ArrayList<>();
    while (!queue.isEmpty() && !queue.peek().time().plus(lateness).isAfter(now)) {
      Due d = queue.poll();
      registered.remove(d);
      out.add(d);
    }
    return out;
  }

  /** Timers waiting. */
  public int size() {
    return queue.size();
  }
}
