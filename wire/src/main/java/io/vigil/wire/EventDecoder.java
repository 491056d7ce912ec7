package io.vigil.wire;

import io.vigil.model.event.EventCategory;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.EventKind;
import io.vigil.model.event.EventType;
import io.vigil.model.event.SecurityEvent;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads one element of {@code Events}: the generic event schema of message_v1_0.json, its oneOf
 * on Category, IsEmpty and Payload, and the per-name schema its Name selects.
 */
final class EventDecoder {
  private static final String KNOWN_NAMES =
      Arrays.stream(EventKind.values()).map(EventKind::eventName).collect(Collectors.joining(", "));

  private EventDecoder() {}

  /** The event, or empty when it has violations (which are recorded). */
  static Optional<SecurityEvent> decode(JsonValue value, Pointer at, Violations violations) {
    if (!(value instanceof JsonValue.Obj object)) {
      violations.add(at, "expected object, got " + value.typeName());
      return Optional.empty();
    }
    int before = violations.count();
    ObjectFields in = new ObjectFields(object, at, violations);
    String id = in.guid("Id");
    OffsetDateTime local = in.dateTime("TimestampLocal");
    OffsetDateTime utc = in.dateTime("TimestampUTC");
    EventCategory category = in.enumeration("Category", EventCategory.class);
    String name = in.string("Name");
    EventType type = in.enumeration("EventType", EventType.class);
    Boolean isEmpty = in.flag("IsEmpty");
    String schemaVersion = in.string("PayloadSchemaVersion");
    JsonValue.Arr payload = in.array("Payload");
    in.finish();
    checkShape(category, isEmpty, payload, at, violations);

    EventKind kind = null;
    if (name != null) {
      kind = EventKind.byName(name).orElse(null);
      if (kind == null) {
        violations.add(at, "unknown event name " + ObjectFields.quote(name) + "; known names are " + KNOWN_NAMES);
      } else {
        match(at.child("Category"), category == null ? null : category.wireName(), kind, kind.category().wireName(), violations);
        match(at.child("EventType"), type == null ? null : type.wireName(), kind, kind.type().wireName(), violations);
        match(at.child("PayloadSchemaVersion"), schemaVersion, kind, kind.payloadSchemaVersion(), violations);
      }
    }
    if (kind == null || payload == null) {
      return Optional.empty();
    }
    EventHeader header = null;
    if (violations.count() == before) {
      try {
        header = new EventHeader(id, utc.toInstant(), local);
      } catch (IllegalArgumentException | NullPointerException e) {
        violations.add(at, String.valueOf(e.getMessage()));
      }
    }
    return PayloadFormats.read(kind, header, payload, at, violations);
  }

  /**
   * The schema's oneOf: Periodic with IsEmpty true may carry any payload; IsEmpty false needs at
   * least one item; a Triggered event is never empty.
   */
  private static void checkShape(
      EventCategory category, Boolean isEmpty, JsonValue.Arr payload, Pointer at, Violations violations) {
    if (category == EventCategory.TRIGGERED && Boolean.TRUE.equals(isEmpty)) {
      violations.add(at.child("IsEmpty"), "must be false for a Triggered event");
    }
    if (Boolean.FALSE.equals(isEmpty) && payload != null && payload.elements().isEmpty()) {
      violations.add(at.child("Payload"), "must contain at least 1 item when IsEmpty is false");
    }
  }

  private static void match(Pointer at, String given, EventKind kind, String expected, Violations violations) {
    if (given != null && !given.equals(expected)) {
      violations.add(at, ObjectFields.quote(given) + " does not match event " + ObjectFields.quote(kind.eventName())
          + " (" + expected + ")");
    }
  }
}
