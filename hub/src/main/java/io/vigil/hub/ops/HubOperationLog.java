package io.vigil.hub.ops;

import io.vigil.model.event.HubOperation;
import java.time.Instant;

/**
 * Receives what devices do at the hub: connects, auth failures, refused messages. The input of the
 * agentless detections.
 *
 * <p>Called from the broker's threads; implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface HubOperationLog {
  /**
   * Records one operation.
   *
   * @param deviceId the device id the client claimed, which may be unknown to the registry
   */
  void record(String deviceId, HubOperation.Operation operation, Instant at);
}
