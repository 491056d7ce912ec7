package io.vigil.detect.sigma;

import io.vigil.detect.DeviceState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the engine keeps each device's {@link CorrelationState} between events: the engine's
 * {@link DeviceState}. The embedded runtime keeps a map; a stream processor keeps keyed state. The
 * engine calls it for one device at a time, from the thread that processes that device.
 */
public interface CorrelationStore extends DeviceState<CorrelationState> {
  /** A store in memory, safe for devices processed on different threads. */
  static CorrelationStore inMemory() {
    Map<String, CorrelationState> states = new ConcurrentHashMap<>();
    return new CorrelationStore() {
      @Override
      public CorrelationState get(String deviceId) {
        return states.get(deviceId);
      }

      @Override
      public void put(String deviceId, CorrelationState state) {
        states.put(deviceId, state);
      }

      @Override
      public void remove(String deviceId) {
        states.remove(deviceId);
      }
    };
  }
}
