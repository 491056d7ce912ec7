package io.vigil.store;

import io.vigil.model.AlertStatus;
import io.vigil.model.Device;
import java.time.Instant;
import java.util.Set;

/**
 * Which alerts to read: all conditions given must hold.
 *
 * @param statuses the statuses wanted; empty for any
 * @param deviceId the device, or null for any
 * @param since the earliest LastSeen, or null for any
 * @param limit at most this many, latest LastSeen first
 */
public record AlertQuery(Set<AlertStatus> statuses, String deviceId, Instant since, int limit) {
  public AlertQuery {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    if (deviceId != null) {
      Device.requireValidId(deviceId);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
