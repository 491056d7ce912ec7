package io.vigil.wire;

import io.vigil.model.WireName;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the properties of one JSON object against one object schema whose
 * {@code additionalProperties} is false, recording every violation rather than stopping at the
 * first.
 *
 * <p>Each accessor takes a property name, checks presence and type, and returns the value; when
 * the property is invalid it records why and returns null (or 0 / false for primitives), and
 * {@link #build} then refuses to construct the record. Not thread-safe; one per object.
 */
final class ObjectFields {
  private final JsonValue.Obj object;
  private final Pointer at;
  private final Violations violations;
  private final int violationsBefore;
  private final boolean[] known;
  /** Where the next property asked for probably is: just after the last one found. */
  private int next;
  private boolean finished;

  ObjectFields(JsonValue.Obj object, Pointer at, Violations violations) {
    this.object = object;
    this.at = at;
    this.violations = violations;
    this.violationsBefore = violations.count();
    this.known = new boolean[object.size()];
  }

  String string(String name) {
    return text(required(name), name);
  }

  String optionalString(String name) {
    return text(optional(name), name);
  }

  long integer(String name) {
    Long value = number(required(name), name);
    return value == null ? 0 : value;
  }

  Long optionalInteger(String name) {
    return number(optional(name), name);
  }

  boolean bool(String name) {
    Boolean value = flag(name);
    return value != null && value;
  }

  /** A required boolean, or null when it is missing or not a boolean. */
  Boolean flag(String name) {
    JsonValue value = required(name);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonValue.Bool b) {
      return b.value();
    }
    wrongType(name, "boolean", value);
    return null;
  }

  <E extends Enum<E> & WireName> E enumeration(String name, Class<E> type) {
    return constant(required(name), name, type);
  }

  <E extends Enum<E> & WireName> E optionalEnumeration(String name, Class<E> type) {
    return constant(optional(name), name, type);
  }

  /** A required string that must equal {@code only}, the schema's one-value {@code enum}. */
  String fixed(String name, String only) {
    String value = string(name);
    if (value != null && !value.equals(only)) {
      violations.add(at.child(name), quote(value) + " is not one of " + only);
      return null;
    }
    return value;
  }

  String ip(String name) {
    return address(string(name), name);
  }

  String optionalIp(String name) {
    return address(optionalString(name), name);
  }

  String guid(String name) {
    return guid(string(name), name);
  }

  String optionalGuid(String name) {
    return guid(optionalString(name), name);
  }

  OffsetDateTime dateTime(String name) {
    return dateTime(string(name), name);
  }

  Instant optionalInstant(String name) {
    OffsetDateTime time = dateTime(optionalString(name), name);
    return time == null ? null : time.toInstant();
  }

  JsonValue.Arr array(String name) {
    JsonValue value = required(name);
    if (value == null || value instanceof JsonValue.Arr) {
      return (JsonValue.Arr) value;
    }
    wrongType(name, "array", value);
    return null;
  }

  /** The optional {@code ExtraDetails} map of strings; empty when absent. */
  Map<String, String> extraDetails() {
    JsonValue value = optional("ExtraDetails");
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonValue.Obj details)) {
      wrongType("ExtraDetails", "object", value);
      return Map.of();
    }
    Map<String, String> out = HashMap.newHashMap(details.size());
    for (int i = 0; i < details.size(); i++) {
      if (details.values().get(i) instanceof JsonValue.Str s) {
        out.put(details.names().get(i), s.value());
      } else {
        violations.add(at.child("ExtraDetails").child(details.names().get(i)),
            "expected string, got " + details.values().get(i).typeName());
      }
    }
    return out;
  }

  /** The schema's {@code anyOf: [{required: [a]}, {required: [b]}]}. */
  void requireAnyOf(String a, String b) {
    if (object.indexOf(a) < 0 && object.indexOf(b) < 0) {
      violations.add(at, "missing required property " + quote(a) + " or " + quote(b));
    }
  }

  /**
   * Records every property no accessor asked for: the schema's {@code additionalProperties: false}.
   * Only the first call does anything.
   */
  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    for (int i = 0; i < known.length; i++) {
      if (!known[i]) {
        violations.add(at.child(object.names().get(i)), "unknown property (additionalProperties is false)");
      }
    }
  }

  /**
   * Finishes the object and, if it had no violations, builds its record. A compact constructor's
   * refusal becomes a violation at this object.
   */
  <T> Optional<T> build(Supplier<T> constructor) {
    finish();
    if (violations.count() > violationsBefore) {
      return Optional.empty();
    }
    try {
      return Optional.of(constructor.get());
    } catch (IllegalArgumentException | NullPointerException e) {
      violations.add(at, String.valueOf(e.getMessage()));
      return Optional.empty();
    }
  }

  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    int shown = Math.min(value.length(), 100);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (shown < value.length()) {
      out.append("...");
    }
    return out.append('"').toString();
  }

  private JsonValue required(String name) {
    JsonValue value = optional(name);
    if (value == null) {
      violations.add(at, "missing required property " + quote(name));
    }
    return value;
  }

  private JsonValue optional(String name) {
    // Senders usually write properties in the schema's order, which is the order they are asked
    // for: try the one after the last found before scanning them all.
    List<String> names = object.names();
    int i = next < names.size() && names.get(next).equals(name) ? next : object.indexOf(name);
    if (i < 0) {
      return null;
    }
    next = i + 1;
    known[i] = true;
    return object.values().get(i);
  }

  private String text(JsonValue value, String name) {
    if (value == null || value instanceof JsonValue.Str) {
      return value == null ? null : ((JsonValue.Str) value).value();
    }
    wrongType(name, "string", value);
    return null;
  }

  private Long number(JsonValue value, String name) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonValue.Num n) || !n.integral()) {
      wrongType(name, "integer", value);
      return null;
    }
    if (n.exact() == null) {
      violations.add(at.child(name), n.text() + " is out of range for a 64-bit integer");
    }
    return n.exact();
  }

  private <E extends Enum<E> & WireName> E constant(JsonValue value, String name, Class<E> type) {
    String text = text(value, name);
    if (text == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.wireName().equals(text)) {
        return e;
      }
    }
    violations.add(at.child(name), quote(text) + " is not one of " + WireName.allowed(type));
    return null;
  }

  private String address(String value, String name) {
    if (value != null && !IpLiterals.isIp(value)) {
      violations.add(at.child(name), quote(value) + " is not an IPv4 or IPv6 address");
      return null;
    }
    return value;
  }

  private String guid(String value, String name) {
    if (value != null) {
      int length = value.codePointCount(0, value.length());
      if (length != 36) {
        violations.add(at.child(name), "must be 36 characters (a GUID), got " + length);
        return null;
      }
    }
    return value;
  }

  private OffsetDateTime dateTime(String value, String name) {
    if (value == null) {
      return null;
    }
    Optional<OffsetDateTime> time = DateTimes.parse(value);
    if (time.isEmpty()) {
      violations.add(at.child(name), quote(value) + " is not an RFC 3339 date-time");
      return null;
    }
    return time.get();
  }

  private void wrongType(String name, String expected, JsonValue value) {
    violations.add(at.child(name), "expected " + expected + ", got " + value.typeName());
  }
}
