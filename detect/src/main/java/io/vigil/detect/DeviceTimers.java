package io.vigil.detect;

import java.time.Instant;

/**
 * Event-time timers: a detection asks to be called back through {@link Detection#onTimer} once the
 * runtime's time reaches {@code time} for a device, so that a device that fell silent is still
 * judged. What a Flink {@code KeyedProcessFunction} does with {@code registerEventTimeTimer}.
 *
 * <p>A detection registers timers only for the device whose event or timer it is handling. It may
 * register the same instant more than once (the runtime keeps one), and it tolerates calls that come
 * late, twice, or for a timer another detection on the same device registered.
 */
@FunctionalInterface
public interface DeviceTimers {
  void register(String deviceId, Instant time);

  /** No timers: what has come due is decided only at the device's next event. */
  static DeviceTimers none() {
    return (deviceId, time) -> {};
  }
}
