package io.vigil.detect;

import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A detection over device events: an event in, alerts out through an emitter.
 *
 * <p>Pure: it owns no threads, clocks or storage. Time comes from the event or from a timer, so the
 * same input always raises the same alerts, in the embedded runtime and in a stream processor alike.
 * Per-device state lives in {@link DeviceState}s and timers in {@link DeviceTimers}, both the
 * runtime's, so the same code can run in a Flink {@code KeyedProcessFunction} keyed by device:
 * {@link #evaluate} is {@code processElement}, {@link #onTimer} is {@code onTimer}. Called by one
 * thread at a time for a given device.
 */
@FunctionalInterface
public interface Detection {
  /** Raises zero or more alerts for {@code event} into {@code alerts}. */
  void evaluate(DeviceEvent event, Consumer<Alert> alerts);

  /**
   * Raises what came due for {@code deviceId} at {@code time}: what a runtime with event-time timers
   * calls when a timer registered through {@link DeviceTimers} fires. It may be called for a timer
   * that another detection on the same device registered, and must then do nothing. The default has
   * nothing to do.
   */
  default void onTimer(String deviceId, Instant time, Consumer<Alert> alerts) {}

  /**
   * Raises what has come due by the embedded runtime's clock {@code now}: it fires the detection's
   * own timers (a {@link TimerQueue}) up to {@code now}. A runtime with event-time timers of its own
   * calls {@link #onTimer} instead. The default has nothing to do.
   */
  default void advance(Instant now, Consumer<Alert> alerts) {}
}
