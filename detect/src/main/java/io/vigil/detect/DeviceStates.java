package io.vigil.detect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a detection its {@link DeviceState}s, one per name: what the runtime provides, as Flink's
 * {@code getRuntimeContext().getState(descriptor)} does. A detection asks once, when it is built.
 */
public interface DeviceStates {
  /**
   * The state called {@code name} (unique within the detection) holding values of {@code type}.
   *
   * @throws IllegalArgumentException if the runtime cannot keep {@code type}
   */
  <S> DeviceState<S> state(String name, Class<S> type);

  /**
   * States in memory, each remembering at most {@code maxDevices} devices (the least recently used
   * is forgotten). Not thread-safe: for the embedded runtime, where one thread (a pipeline shard)
   * handles all of a detection's devices.
   *
   * @throws IllegalArgumentException if {@code maxDevices} is below 1
   */
  static DeviceStates inMemory(int maxDevices) {
    if (maxDevices < 1) {
      throw new IllegalArgumentException("maxDevices must be at least 1, was " + maxDevices);
    }
    return new DeviceStates() {
      @Override
      public <S> DeviceState<S> state(String name, Class<S> type) {
        return new InMemoryDeviceState<>(maxDevices);
      }
    };
  }

  /** States in memory without a bound on devices, safe for devices handled on different threads. */
  static DeviceStates concurrent() {
    return new DeviceStates() {
      @Override
      public <S> DeviceState<S> state(String name, Class<S> type) {
        Map<String, S> states = new ConcurrentHashMap<>();
        return new DeviceState<>() {
          @Override
          public S get(String deviceId) {
            return states.get(deviceId);
          }

          @Override
          public void put(String deviceId, S state) {
            states.put(deviceId, state);
          }

          @Override
          public void remove(String deviceId) {
            states.remove(deviceId);
          }
        };
      }
    };
  }
}
