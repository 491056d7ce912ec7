package io.vigil.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.model.WireName;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the properties of one JSON object, omitting null optional values, and refuses values
 * the schema would reject but the model cannot rule out (an address that is not an IP literal, a
 * correlation id that is not 36 characters). Not thread-safe; one per encode.
 */
final class FieldWriter {
  private final JsonGenerator out;
  private Pointer at = Pointer.ROOT;

  FieldWriter(JsonGenerator out) {
    this.out = out;
  }

  /** Sets where the properties being written go, for error messages. */
  void at(Pointer pointer) {
    this.at = pointer;
  }

  void string(String name, String value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value);
    }
  }

  void integer(String name, long value) throws IOException {
    out.writeNumberField(name, value);
  }

  void optionalInteger(String name, Long value) throws IOException {
    if (value != null) {
      out.writeNumberField(name, value);
    }
  }

  void bool(String name, boolean value) throws IOException {
    out.writeBooleanField(name, value);
  }

  void enumeration(String name, WireName value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value.wireName());
    }
  }

  void ip(String name, String value) throws IOException {
    if (value != null && !IpLiterals.isIp(value)) {
      throw new IllegalArgumentException(at.child(name) + ": " + ObjectFields.quote(value) + " is not an IPv4 or IPv6 address");
    }
    string(name, value);
  }

  void guid(String name, String value) throws IOException {
    if (value != null && value.codePointCount(0, value.length()) != 36) {
      throw new IllegalArgumentException(at.child(name) + ": " + ObjectFields.quote(value) + " must be 36 characters (a GUID)");
    }
    string(name, value);
  }

  void dateTime(String name, OffsetDateTime value) throws IOException {
    if (value != null) {
      try {
        out.writeStringField(name, DateTimes.format(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at.child(name) + ": " + e.getMessage(), e);
      }
    }
  }

  void dateTime(String name, Instant value) throws IOException {
    dateTime(name, value == null ? null : value.atOffset(ZoneOffset.UTC));
  }

  /** {@code name}: an array holding one object per item, written by {@code format}. */
  <T> void items(String name, List<T> items, ItemFormat<T> format) throws IOException {
    Pointer array = at.child(name);
    out.writeArrayFieldStart(name);
    for (int i = 0; i < items.size(); i++) {
      Pointer owner = at;
      at = array.child(i);
      out.writeStartObject();
      format.writer().write(items.get(i), this);
      out.writeEndObject();
      at = owner;
    }
    out.writeEndArray();
  }

  /** One item as a standalone JSON object. */
  <T> void object(T item, ItemFormat<T> format) throws IOException {
    out.writeStartObject();
    format.writer().write(item, this);
    out.writeEndObject();
  }

  /** {@code ExtraDetails}, sorted by key so that equal messages encode to equal bytes; omitted when empty. */
  void extraDetails(Map<String, String> details) throws IOException {
    if (details.isEmpty()) {
      return;
    }
    out.writeObjectFieldStart("ExtraDetails");
    for (Map.Entry<String, String> e : new TreeMap<>(details).entrySet()) {
      out.writeStringField(e.getKey(), e.getValue());
    }
    out.writeEndObject();
  }
}
