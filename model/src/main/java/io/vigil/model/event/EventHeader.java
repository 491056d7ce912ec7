package io.vigil.model.event;

import io.vigil.model.Require;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The fields every event carries besides its payload.
 *
 * @param id the event's unique id, 36 characters (a GUID); the server drops duplicates by it
 * @param timestampUtc when the event happened
 * @param timestampLocal the same instant in the device's local offset
 */
public record EventHeader(String id, Instant timestampUtc, OffsetDateTime timestampLocal) {
  public EventHeader {
    Require.present(id, "Id");
    if (id.length() != 36) {
      throw new IllegalArgumentException("Id '" + id + "' must be 36 characters (a GUID), was " + id.length());
    }
    Require.present(timestampUtc, "TimestampUTC");
    Require.present(timestampLocal, "TimestampLocal");
  }

  /** A header with a fresh random id for an event at {@code time}, seen from {@code offset}. */
  public static EventHeader at(Instant time, ZoneOffset offset) {
    return new EventHeader(UUID.randomUUID().toString(), time, time.atOffset(offset));
  }
}
