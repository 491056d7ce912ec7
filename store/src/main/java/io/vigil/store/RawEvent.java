package io.vigil.store;

import io.vigil.model.Require;
import java.time.Instant;

/**
 * One row of {@code SecurityIoTRawEvent}: one payload item of one event, with its envelope.
 *
 * @param timeGenerated when the hub accepted the event
 * @param payloadIndex the item's index within the event's payload (0 for an empty snapshot)
 * @param eventDetails the payload item as a JSON object, {@code {}} for an empty snapshot
 */
public record RawEvent(
    Instant timeGenerated,
    String deviceId,
    String securityGroup,
    String agentId,
    String agentVersion,
    String category,
    String eventName,
    String eventType,
    boolean isEmpty,
    String eventId,
    Instant timeStamp,
    int payloadIndex,
    String eventDetails) {
  public RawEvent {
    Require.present(timeGenerated, "timeGenerated");
    Require.text(deviceId, "deviceId");
    Require.text(securityGroup, "securityGroup");
    Require.present(agentId, "agentId");
    Require.present(agentVersion, "agentVersion");
    Require.text(category, "category");
    Require.text(eventName, "eventName");
    Require.text(eventType, "eventType");
    Require.text(eventId, "eventId");
    Require.present(timeStamp, "timeStamp");
    Require.nonNegative(payloadIndex, "payloadIndex");
    Require.text(eventDetails, "eventDetails");
  }
}
