package io.vigil.store;

import io.vigil.model.Require;
import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code HubOperation}: what a device did at the hub.
 *
 * @param deviceId the client id the device claimed, which may be unknown to the registry
 * @param protocol null when not applicable
 * @param sourceIp null when not known
 * @param details further details, such as the precise reason of a refusal
 */
public record HubOperationRow(
    Instant timeGenerated, String deviceId, String operation, String result, String protocol, String sourceIp, Map<String, String> details) {
  public HubOperationRow {
    Require.present(timeGenerated, "timeGenerated");
    Require.present(deviceId, "deviceId");
    Require.text(operation, "operation");
    Require.text(result, "result");
    details = Require.copy(details, "details");
  }
}
