package io.vigil.hub.ingest;

import java.util.Map;

/**
 * Per device and protocol, how many cloud-to-device messages the hub sent and how many the device
 * rejected (or that could not be delivered): what the custom alerts on C2D message counts read.
 * Counted in memory, never stored per message.
 *
 * <p>Implementations are thread-safe; the counts only grow while the server runs.
 */
@FunctionalInterface
public interface CloudToDeviceCounts {
  /** Messages handed to the device, and messages it rejected or that could not be delivered. */
  record Count(long sent, long rejected) {}

  /** Device {@code deviceId}'s counts by protocol ({@code MQTT}); empty if it was sent none. */
  Map<String, Count> of(String deviceId);

  /** No counts, for a hub without cloud-to-device messages. */
  static CloudToDeviceCounts none() {
    return id -> Map.of();
  }
}
