package io.vigil.detect.intel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document into plain values: {@code Map<String, Object>} (key order kept), {@code
 * List<Object>}, {@code String}, {@code Long} or {@code BigInteger} or {@code Double}, {@code
 * Boolean}, and null.
 *
 * <p>Jackson's streaming parser stays inside this class: the feed readers see only the values.
 */
final class JsonTree {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonTree() {}

  /**
   * Reads one JSON value.
   *
   * @throws MalformedJson with the line and column where the text stops being JSON
   */
  static Object read(Reader in) throws IOException {
    try (JsonParser parser = FACTORY.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedJson(1, 1, "the document is empty");
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw new MalformedJson(parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr(),
            "more content after the document's end");
      }
      return value;
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new MalformedJson(where == null ? 0 : where.getLineNr(), where == null ? 0 : where.getColumnNr(), e.getOriginalMessage());
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.put(name, value(parser, parser.nextToken()));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(value(parser, t));
        }
        yield array;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new MalformedJson(parser.currentTokenLocation().getLineNr(),
          parser.currentTokenLocation().getColumnNr(), "unexpected " + token);
    };
  }

  /** The text is not JSON; the message says where. */
  static final class MalformedJson extends IOException {
    MalformedJson(int line, int column, String what) {
      super("malformed JSON at line " + line + ", column " + column + ": " + what);
    }
  }

  /** {@code value} as a map when it is a JSON object, else null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  /** {@code value} as a list when it is a JSON array, else an empty list. */
  @SuppressWarnings("unchecked")
  static List<Object> array(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** {@code value} as a string when it is a JSON string, else null. */
  static String string(Object value) {
    return value instanceof String s ? s : null;
  }
}
