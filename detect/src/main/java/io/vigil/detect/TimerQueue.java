package io.vigil.detect;

import java.time.Instant;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The embedded runtime's {@link DeviceTimers}: a queue that {@link Detection#advance} drains by the
 * runtime's clock. Pure: no threads, no clock of its own. Not thread-safe: the detection's thread
 * registers and fires.
 */
public final class TimerQueue implements DeviceTimers {
  /** One timer: call {@code deviceId} back at {@code time}. */
  public record Due(String deviceId, Instant time) {}

  /** What a due timer is handed to. */
  @FunctionalInterface
  public interface Callback {
    void fire(String deviceId, Instant time);
  }

  private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.time().compareTo(b.time()));
  private final Set<Due> registered = new HashSet<>();

  @Override
  public void register(String deviceId, Instant time) {
    Due d = new Due(deviceId, time);
    if (registered.add(d)) {
      queue.add(d);
    }
  }

  /**
   * Fires the timers whose time is not after {@code now}, earliest first, including those that firing
   * registers (as a stream processor fires every timer a watermark passes).
   */
  public void fireUpTo(Instant now, Callback callback) {
    while (!queue.isEmpty() && !queue.peek().time().isAfter(now)) {
      Due d = queue.poll();
      registered.remove(d);
      callback.fire(d.deviceId(), d.time());
    }
  }

  /** Timers waiting. */
  public int size() {
    return queue.size();
  }
}
