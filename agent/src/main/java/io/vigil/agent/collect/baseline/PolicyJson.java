package io.vigil.agent.collect.baseline;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value of a policy file from a streaming parser into plain values: {@link Map} (in
 * document order), {@link List}, {@link String}, {@link Long}, {@link Double}, {@link Boolean}, null.
 */
final class PolicyJson {
  private static final int MAX_DEPTH = 32;

  private PolicyJson() {}

  /**
   * The value starting at the parser's current token.
   *
   * @throws IOException on malformed JSON (a {@link JsonParseException} with its location)
   */
  static Object read(JsonParser parser) throws IOException {
    return read(parser, 0);
  }

  private static Object read(JsonParser parser, int depth) throws IOException {
    JsonToken token = parser.currentToken();
    if (depth > MAX_DEPTH) {
      throw new JsonParseException(parser, "nested deeper than " + MAX_DEPTH + " levels");
    }
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

  /** What kind of JSON value {@code v} is, for messages: {@code a number}, {@code an array} ... */
  static String describe(Object v) {
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
