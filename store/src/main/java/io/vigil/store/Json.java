package io.vigil.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the map and list columns of the workspace as JSON text, and reads maps back. */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  static String object(Map<String, String> map) {
    return write(g -> {
      g.writeStartObject();
      for (var e : new TreeMap<>(map).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    });
  }

  static String array(List<String> values) {
    return write(g -> {
      g.writeStartArray();
      for (String v : values) {
        g.writeString(v);
      }
      g.writeEndArray();
    });
  }

  /**
   * Reads back a JSON object of strings that {@link #object} wrote.
   *
   * @throws IllegalStateException if {@code json} is not an object of string values
   */
  static Map<String, String> parseObject(String json) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new IllegalStateException("expected a JSON object, got: " + json);
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        out.put(name, p.getValueAsString());
      }
    } catch (IOException e) {
      throw new IllegalStateException("expected a JSON object of strings: " + e.getMessage(), e);
    }
    return out;
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string cannot fail", e);
    }
    return out.toString();
  }
}
