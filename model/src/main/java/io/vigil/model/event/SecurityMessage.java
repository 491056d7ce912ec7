package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;

/**
 * The envelope a device sends: who sent the events, and the events.
 *
 * @param agentVersion the sending agent's version
 * @param agentId the agent's GUID, 36 characters
 * @param schemaVersion the message schema version, {@value #SCHEMA_VERSION}
 * @param events at least one event
 */
public record SecurityMessage(String agentVersion, String agentId, String schemaVersion, List<SecurityEvent> events) {
  public static final String SCHEMA_VERSION = "1.0";

  public SecurityMessage {
    Require.present(agentVersion, "AgentVersion");
    Require.present(agentId, "AgentId");
    if (agentId.length() != 36) {
      throw new IllegalArgumentException("AgentId '" + agentId + "' must be 36 characters (a GUID)");
    }
    if (!SCHEMA_VERSION.equals(schemaVersion)) {
      throw new IllegalArgumentException("MessageSchemaVersion '" + schemaVersion + "' is not " + SCHEMA_VERSION);
    }
    events = Require.copy(events, "Events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a security message needs at least one event");
    }
  }

  /** A message of schema version 1.0. */
  public static SecurityMessage of(String agentVersion, String agentId, List<SecurityEvent> events) {
    return new SecurityMessage(agentVersion, agentId, SCHEMA_VERSION, events);
  }
}
