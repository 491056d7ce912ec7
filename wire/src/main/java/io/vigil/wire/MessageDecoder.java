package io.vigil.wire;

import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a parsed message into a {@link SecurityMessage}, applying every rule of the schema. */
final class MessageDecoder {
  private MessageDecoder() {}

  static SecurityMessage decode(JsonValue root) throws WireException {
    Violations violations = new Violations();
    try {
      Optional<SecurityMessage> message = decode(root, violations);
      if (message.isPresent()) {
        return message.get();
      }
    } catch (Violations.Full e) {
      // Enough is known; the exception below carries the first MAX_VIOLATIONS.
    }
    throw violations.toException();
  }

  /** The message, or empty when {@code violations} holds at least one reason why not. */
  private static Optional<SecurityMessage> decode(JsonValue root, Violations violations) {
    Pointer at = Pointer.ROOT;
    if (!(root instanceof JsonValue.Obj object)) {
      violations.add(at, "expected object, got " + root.typeName());
      return Optional.empty();
    }
    ObjectFields in = new ObjectFields(object, at, violations);
    String agentVersion = in.string("AgentVersion");
    String agentId = in.guid("AgentId");
    String schemaVersion = in.fixed("MessageSchemaVersion", SecurityMessage.SCHEMA_VERSION);
    JsonValue.Arr events = in.array("Events");
    in.finish();
    List<SecurityEvent> decoded = new ArrayList<>();
    if (events != null) {
      Pointer eventsAt = at.child("Events");
      if (events.elements().isEmpty()) {
        violations.add(eventsAt, "must contain at least 1 event");
      }
      for (int i = 0; i < events.elements().size(); i++) {
        EventDecoder.decode(events.elements().get(i), eventsAt.child(i), violations).ifPresent(decoded::add);
      }
    }
    return in.build(() -> new SecurityMessage(agentVersion, agentId, schemaVersion, decoded));
  }
}
