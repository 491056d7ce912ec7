package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/**
 * Vigil addition, emitted by the hub and never by a device: what a device did at the hub
 * (connect, disconnect, auth failure, refused message, twin update ...).
 */
public record HubOperation(EventHeader header, List<Operation> payload) implements SecurityEvent {
  public HubOperation {
    payload = Payloads.of(EventKind.HUB_OPERATION, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.HUB_OPERATION;
  }

  /**
   * One operation.
   *
   * @param operation for example {@code Connect}, {@code AuthFailure}, {@code MessageRejected}
   * @param result {@code Success} or the precise failure reason
   * @param protocol {@code MQTT} or {@code HTTPS}; null when not applicable
   * @param sourceIp null when not known
   */
  public record Operation(String operation, String result, String protocol, String sourceIp, Map<String, String> extraDetails) {
    public Operation {
      Require.text(operation, "Operation");
      Require.text(result, "Result");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
