package io.vigil.model.event;

import io.vigil.model.Device;
import io.vigil.model.Require;
import io.vigil.model.SecurityGroup;
import java.time.Instant;

/**
 * An event as the pipeline carries it: accepted by the hub, tied to the device that sent it.
 *
 * @param deviceId the authenticated sender
 * @param securityGroup the device's group when the event was received
 * @param agentId the sending agent's id; empty for hub-made events
 * @param agentVersion the sending agent's version; empty for hub-made events
 * @param received when the hub accepted it
 * @param event the event
 */
public record DeviceEvent(
    String deviceId, String securityGroup, String agentId, String agentVersion, Instant received, SecurityEvent event) {
  public DeviceEvent {
    Device.requireValidId(deviceId);
    SecurityGroup.requireValidName(securityGroup);
    agentId = agentId == null ? "" : agentId;
    agentVersion = agentVersion == null ? "" : agentVersion;
    Require.present(received, "received");
    Require.present(event, "event");
  }
}
