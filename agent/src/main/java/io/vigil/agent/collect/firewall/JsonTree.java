package io.vigil.agent.collect.firewall;

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
 *
 * <p>The nft JSON of a device's ruleset is small; a tree per element keeps the expression code short.
 */
final class JsonTree {
  /** Nesting deeper than this is not a ruleset. */
  private static final int MAX_DEPTH = 64;

  private JsonTree() {}

  /**
   * The value that starts at the parser's current token.
   *
   * @throws IOException on malformed or truncated JSON, or nesting past {@value #MAX_DEPTH}
   */
  static Object read(JsonParser parser) throws IOException {
    return read(parser, 0);
  }

  private static Object read(JsonParser parser, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("JSON nested deeper than " + MAX_DEPTH + " levels at " + where(parser));
    }
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new IOException("unexpected end of input at " + where(parser));
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
      default -> throw new IOException("unexpected " + token + " at " + where(parser));
    };
  }

  /** The parser's position as {@code line L, column C}. */
  static String where(JsonParser parser) {
    var location = parser.currentTokenLocation();
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
