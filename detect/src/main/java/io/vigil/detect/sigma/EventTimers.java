package io.vigil.detect.sigma;

import io.vigil.detect.DeviceTimers;

/**
 * Event-time timers: the engine asks to be called back through {@link SigmaEngine#advance} once a
 * device's event time reaches a given instant, so that windows of a device that fell silent are
 * still decided. The runtime decides how event time moves for a silent device. The engine's name for
 * the {@link DeviceTimers} every detection uses.
 *
 * <p>The engine may register the same instant more than once, and tolerates calls that come
 * early, late or twice.
 */
@FunctionalInterface
public interface EventTimers extends DeviceTimers {
  /** No timers: windows are decided only as later events of the same device arrive. */
  static EventTimers none() {
    return (deviceId, time) -> {};
  }
}
