package io.vigil.agent.collect;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value from a streaming parser into plain Java values: {@link Map} (in document
 * order), {@link List}, {@link String}, {@link Long} or {@link Double}, {@link Boolean}, and null.
 * For the small JSON sources of the collectors: policy files, {@code nft -j} output, journal lines.
 */
public final class JsonValues {
  /** Nesting deeper than this is refused: none of the sources nests so deep. */
  private static final int MAX_DEPTH = 64;

  private JsonValues() {}

  /**
   * The value that starts at the parser's current token.
   *
   * @throws JsonParseException, with its location, on malformed or truncated JSON or nesting past {@value #MAX_DEPTH}
   */
  public static Object read(JsonParser parser) throws IOException {
    return read(parser, 0);
  }

  private static Object read(JsonParser parser, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new JsonParseException(parser, "nested deeper than " + MAX_DEPTH + " levels");
    }
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new JsonParseException(parser, "unexpected end of input");
    }
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          map.put(name, read(parser, depth + 1));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(parser, depth + 1));
        }
        yield list;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "unexpected " + token);
    };
  }

  /** The parser's position as {@code line L, column C}. */
  public static String where(JsonParser parser) {
    var location = parser.currentTokenLocation();
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** What kind of value {@code v} is, for messages: {@code the number 3}, {@code an array} ... */
  public static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "the string '" + s + "'";
    }
    if (v instanceof Long || v instanceof Double) {
      return "the number " + v;
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    return v instanceof List ? "an array" : "an object";
  }
}
