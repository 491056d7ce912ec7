package io.vigil.detect;

import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import java.util.function.Consumer;

/**
 * A detection over device events.
 *
 * <p>Pure: it owns no threads, clocks or storage. Time comes from the event, so the same input
 * always raises the same alerts, in the embedded runtime and in a stream processor alike. Called
 * by one thread at a time for a given device.
 */
@FunctionalInterface
public interface Detection {
  /** Raises zero or more alerts for {@code event} into {@code alerts}. */
  void evaluate(DeviceEvent event, Consumer<Alert> alerts);

  /**
   * Raises what has come due by the runtime's clock {@code now}: windows of devices that fell
   * silent. A runtime with event-time timers of its own does not call it. The default has nothing
   * to do.
   */
  default void advance(java.time.Instant now, Consumer<Alert> alerts) {}
}
