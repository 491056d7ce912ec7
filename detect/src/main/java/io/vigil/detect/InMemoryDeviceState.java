package io.vigil.detect;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The embedded runtime's {@link DeviceState}: a map holding at most {@code maxDevices} devices. Putting
 * a new device when it is full forgets the device used (read or written) longest ago, which is how the
 * detections bound their memory; a Flink job would give its state a time-to-live instead. Keeps the
 * values themselves, not copies. Not thread-safe: one thread handles all its devices.
 *
 * @param <S> the state's type
 */
public final class InMemoryDeviceState<S> implements DeviceState<S> {
  private final int maxDevices;
  /** In order of use: least recently used first. */
  private final LinkedHashMap<String, S> states = new LinkedHashMap<>(16, 0.75f, true);

  /** @throws IllegalArgumentException if {@code maxDevices} is below 1 */
  public InMemoryDeviceState(int maxDevices) {
    if (maxDevices < 1) {
      throw new IllegalArgumentException("maxDevices must be at least 1, was " + maxDevices);
    }
    this.maxDevices = maxDevices;
  }

  @Override
  public S get(String deviceId) {
    return states.get(deviceId);
  }

  @Override
  public void put(String deviceId, S state) {
    Objects.requireNonNull(state, "state");
    if (!states.containsKey(deviceId) && states.size() >= maxDevices) {
      Iterator<S> eldest = states.values().iterator();
      eldest.next();
      eldest.remove();
    }
    states.put(deviceId, state);
  }

  @Override
  public void remove(String deviceId) {
    states.remove(deviceId);
  }

  /** How many devices have state. */
  public int size() {
    return states.size();
  }

  /** The devices that have state, least recently used first: a copy, so the caller may change the state while going through it. */
  public List<String> devices() {
    return new ArrayList<>(states.keySet());
  }
}
