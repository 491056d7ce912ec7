package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** Vigil addition: the agent's periodic sign of life, so that a silent device can be told apart. */
public record Heartbeat(EventHeader header, List<Beat> payload) implements SecurityEvent {
  public Heartbeat {
    payload = Payloads.of(EventKind.HEARTBEAT, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.HEARTBEAT;
  }

  /** One beat, with how long the agent has been running. */
  public record Beat(long uptimeSeconds, Map<String, String> extraDetails) {
    public Beat {
      Require.nonNegative(uptimeSeconds, "UptimeSeconds");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
