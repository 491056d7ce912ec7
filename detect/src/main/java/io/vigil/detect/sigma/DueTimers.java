package io.vigil.detect.sigma;

import io.vigil.detect.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's timers kept for a runtime that has no event-time timer service of its own: the
 * embedded server asks, now and then, which timers are due by its clock. A device that falls
 * silent has no event time of its own, so its windows are decided once the runtime's clock has
 * passed their end by the allowed lateness. A {@link TimerQueue} polled with that lateness. Pure: no
 * threads, no clock of its own. Not thread-safe: the detection's thread registers and polls.
 */
public final class DueTimers implements EventTimers {
  /** One due timer: decide {@code deviceId}'s windows up to {@code time}. */
  public record Due(String deviceId, Instant time) {}

  private final TimerQueue queue = new TimerQueue();

  @Override
  public void register(String deviceId, Instant time) {
    queue.register(deviceId, time);
  }

  /** Removes and returns the timers whose time plus {@code lateness} is not after {@code now}, earliest first. */
  public List<Due> pollDue(Instant now, Duration lateness) {
    List<Due> out = new ArrayList<>();
    queue.fireUpTo(now.minus(lateness), (deviceId, time) -> out.add(new Due(deviceId, time)));
    return out;
  }

  /** Timers waiting. */
  public int size() {
    return queue.size();
  }
}
