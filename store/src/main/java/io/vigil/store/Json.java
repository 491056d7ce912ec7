package io.vigil.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the map and list columns of the workspace as JSON text, and reads them back. */
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

  /** The string members of a JSON object, in order; other member types are kept as their JSON text. */
  static Map<String, String> parseObject(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      expect(p, JsonToken.START_OBJECT, json);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        out.put(name, p.currentToken().isScalarValue() ? p.getValueAsString() : skipped(p));
      }
    } catch (IOException e) {
      throw new IllegalStateException("stored JSON object is malformed: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return out;
  }

  /** The elements of a JSON array of strings. */
  static List<String> parseArray(String json) {
    List<String> out = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      expect(p, JsonToken.START_ARRAY, json);
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(p.currentToken().isScalarValue() ? p.getValueAsString() : skipped(p));
      }
    } catch (IOException e) {
      throw new IllegalStateException("stored JSON array is malformed: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return out;
  }

  private static void expect(JsonParser p, JsonToken token, String json) throws IOException {
    if (p.nextToken() != token) {
      throw new IllegalStateException("stored JSON " + json + " does not start with " + token.asString());
    }
  }

  private static String skipped(JsonParser p) throws IOException {
    p.skipChildren();
    return "";
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
