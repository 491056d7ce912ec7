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
}
