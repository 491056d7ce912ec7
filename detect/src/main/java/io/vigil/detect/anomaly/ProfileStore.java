package io.vigil.detect.anomaly;

import io.vigil.detect.DeviceState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@link AnomalyDetection} keeps each device's {@link DeviceProfile} between events: its
 * {@link DeviceState}. The embedded runtime keeps a map per pipeline shard and snapshots it to the
 * data directory; a stream processor keeps keyed state, with {@link ProfileCodec} as its serializer.
 * Called for one device at a time, from the thread that processes it.
 */
public interface ProfileStore extends DeviceState<DeviceProfile> {
  /** A store in memory, safe for devices processed on different threads. */
  static ProfileStore inMemory() {
    Map<String, DeviceProfile> profiles = new ConcurrentHashMap<>();
    return new ProfileStore() {
      @Override
      public DeviceProfile get(String deviceId) {
        return profiles.get(deviceId);
      }

      @Override
      public void put(String deviceId, DeviceProfile profile) {
        profiles.put(deviceId, profile);
      }

      @Override
      public void remove(String deviceId) {
        profiles.remove(deviceId);
      }
    };
  }
}
