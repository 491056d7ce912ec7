package io.vigil.wire;

import java.util.List;

/**
 * A parsed JSON value: the small tree {@link JsonReader} builds so that the schema rules can look
 * at an event's {@code Name} before its {@code Payload}, whatever order the sender wrote them in.
 */
sealed interface JsonValue {
  /** The JSON Schema type name, as violations print it: object, array, string, integer, number, boolean or null. */
  String typeName();

  /**
   * An object; property names are unique (the reader refuses duplicates).
   *
   * @param names the property names in document order
   * @param values the values, parallel to {@code names}
   * @param start where the object's text begins in the bytes read (its '{'); -1 when not known
   * @param end where it ends, just after its '}'; -1 when not known
   */
  record Obj(List<String> names, List<JsonValue> values, long start, long end) implements JsonValue {
    Obj(List<String> names, List<JsonValue> values) {
      this(names, values, -1, -1);
    }

    int size() {
      return names.size();
    }

    /** The position of {@code name}, or -1. */
    int indexOf(String name) {
      int h = name.hashCode(); // cached by both strings: a cheap first test
      for (int i = 0; i < names.size(); i++) {
        String n = names.get(i);
        if (n.hashCode() == h && n.equals(name)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public String typeName() {
      return "object";
    }
  }

  record Arr(List<JsonValue> elements) implements JsonValue {
    @Override
    public String typeName() {
      return "array";
    }
  }

  record Str(String value) implements JsonValue {
    @Override
    public String typeName() {
      return "string";
    }
  }

  /**
   * A number.
   *
   * @param exact the value, when it is a whole number that fits a {@code long}; null otherwise
   * @param integral true when the value has no fractional part (JSON Schema calls 6052.0 an integer)
   * @param literal the number as written, or null when it was a plain {@code long} literal
   */
  record Num(Long exact, boolean integral, String literal) implements JsonValue {
    @Override
    public String typeName() {
      return integral ? "integer" : "number";
    }

    /** The number as written, for messages. */
    String text() {
      return literal != null ? literal : exact.toString();
    }
  }

  record Bool(boolean value) implements JsonValue {
    static final Bool TRUE = new Bool(true);
    static final Bool FALSE = new Bool(false);

    @Override
    public String typeName() {
      return "boolean";
    }
  }

  record Null() implements JsonValue {
    static final Null INSTANCE = new Null();

    @Override
    public String typeName() {
      return "null";
    }
  }
}
