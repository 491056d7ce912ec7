package io.vigil.server;

import io.vigil.detect.custom.MessageCounts;
import io.vigil.hub.ingest.CloudToDeviceCounts;
import io.vigil.hub.ingest.TelemetryCounts;
import java.util.function.Supplier;

/**
 * The hub's in-memory counts as the custom alerts' {@link MessageCounts}: other telemetry per device
 * and protocol, and cloud-to-device messages sent and rejected. The suppliers are read at each call,
 * as the counters exist only once the hub started. Thread-safe.
 */
record HubMessageCounts(Supplier<TelemetryCounts> telemetry, Supplier<CloudToDeviceCounts> c2d) implements MessageCounts {
  @Override
  public long sent(String deviceId, String protocol) {
    TelemetryCounts.Count c = telemetry.get().of(deviceId).get(protocol);
    return c == null ? 0 : c.messages();
  }

  @Override
  public long cloudToDevice(String deviceId, String protocol) {
    CloudToDeviceCounts.Count c = c2d.get().of(deviceId).get(protocol);
    return c == null ? 0 : c.sent();
  }

  @Override
  public long cloudToDeviceRejected(String deviceId, String protocol) {
    CloudToDeviceCounts.Count c = c2d.get().of(deviceId).get(protocol);
    return c == null ? 0 : c.rejected();
  }
}
