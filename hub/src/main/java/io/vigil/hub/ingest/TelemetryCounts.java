package io.vigil.hub.ingest;

import java.util.Map;

/**
 * Per device and protocol, how much telemetry other than security messages a device sent: what
 * the custom alerts on message rates read. Counted in memory, never stored per message.
 *
 * <p>Implementations are thread-safe; the counts only grow while the server runs.
 */
@FunctionalInterface
public interface TelemetryCounts {
  /** Messages and their bytes (as received, before any decompression). */
  record Count(long messages, long bytes) {}

  /** Device {@code deviceId}'s counts by protocol ({@code MQTT}, {@code HTTPS}); empty if it sent none. */
  Map<String, Count> of(String deviceId);
}
