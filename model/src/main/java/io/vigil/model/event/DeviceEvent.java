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
 * @param protocol how the message that carried it reached the hub: {@code MQTT} or {@code HTTPS}; empty
 *     for hub-made events and when not known
 */
public record DeviceEvent(
    String deviceId, String securityGroup, String agentId, String agentVersion, Instant received, SecurityEvent event, String protocol) {
  public DeviceEvent {
    Device.requireValidId(deviceId);
    SecurityGroup.requireValidName(securityGroup);
    agentId = agentId == null ? "" : agentId;
    agentVersion = agentVersion == null ? "" : agentVersion;
    Require.present(received, "received");
    Require.present(event, "event");
    protocol = protocol == null ? "" : protocol;
  }

  /** An event whose protocol is not known (hub-made, or made outside the hub). */
  public DeviceEvent(String deviceId, String securityGroup, String agentId, String agentVersion, Instant received, SecurityEvent event) {
    this(deviceId, securityGroup, agentId, agentVersion, received, event, "");
  }
}
