package io.vigil.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses JSON bytes into a {@link JsonValue} tree with jackson-core's streaming parser, enforcing
 * {@link WireLimits} as it goes. Every syntax or limit problem becomes a {@link WireException}
 * with one violation; no Jackson exception leaves this class. Thread-safe.
 */
final class JsonReader {
  /** Longer number literals are refused; no schema field needs more than a long's 20 characters. */
  static final int MAX_NUMBER_LENGTH = 100;
  /** Up to this many names, an object's duplicate check scans its names instead of hashing them. */
  private static final int SCAN_LIMIT = 16;

  private final JsonFactory factory;
  private final WireLimits limits;

  JsonReader(WireLimits limits) {
    this.limits = limits;
    // Strings and names are checked here against the limits, with a JSON pointer in the message;
    // Jackson's own checks are backstops that a message within maxMessageBytes cannot reach.
    int backstop = Math.max(limits.maxMessageBytes(), limits.maxStringLength());
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxDepth() + 1)
            .maxStringLength(backstop)
            .maxNameLength(backstop)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .build())
        .build();
  }

  /** The single JSON value {@code json} holds. */
  JsonValue read(byte[] json) throws WireException {
    boolean started = false;
    try (JsonParser parser = factory.createParser(json)) {
      try {
        JsonToken first = parser.nextToken();
        if (first == null) {
          throw WireException.of("", "message is empty");
        }
        started = true;
        JsonValue root = value(parser, first, 1);
        if (parser.nextToken() != null) {
          throw WireException.of("", "unexpected content after the JSON value at " + where(parser.currentTokenLocation()));
        }
        return root;
      } catch (StreamConstraintsException e) {
        throw WireException.of(pointer(parser), constraint(e));
      } catch (JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
          throw WireException.of(pointer(parser), "truncated JSON at " + where(e.getLocation()));
        }
        if (!started) {
          throw WireException.of("", "not JSON: " + message);
        }
        throw WireException.of(pointer(parser), "malformed JSON at " + where(e.getLocation()) + ": " + message);
      }
    } catch (IOException e) {
      // Only character decoding can fail this way when reading from a byte array.
      throw WireException.of("", "not readable as JSON text: " + firstLine(e.getMessage()));
    }
  }

  private JsonValue value(JsonParser parser, JsonToken token, int depth) throws IOException, WireException {
    return switch (token) {
      case START_OBJECT -> object(parser, depth);
      case START_ARRAY -> array(parser, depth);
      case VALUE_STRING -> new JsonValue.Str(string(parser));
      case VALUE_NUMBER_INT -> integer(parser);
      case VALUE_NUMBER_FLOAT -> decimal(parser.getText());
      case VALUE_TRUE -> JsonValue.Bool.TRUE;
      case VALUE_FALSE -> JsonValue.Bool.FALSE;
      case VALUE_NULL -> JsonValue.Null.INSTANCE;
      default -> throw WireException.of(pointer(parser), "unexpected JSON token " + token);
    };
  }

  private JsonValue.Obj object(JsonParser parser, int depth) throws IOException, WireException {
    checkDepth(parser, depth);
    long start = byteOffset(parser);
    List<String> names = new ArrayList<>();
    List<JsonValue> values = new ArrayList<>();
    int[] hashes = new int[SCAN_LIMIT];
    Set<String> large = null;
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      // The parser guarantees a FIELD_NAME here (or throws).
      if (parser.getTextLength() > limits.maxStringLength()) {
        throw WireException.of(container(parser.getParsingContext()),
            "property name is longer than " + limits.maxStringLength() + " characters");
      }
      String name = parser.currentName();
      // Names must be unique, or different readers of one message could see different values.
      // A scan (of hashes first) is cheapest for the dozen names of a schema object; a large ExtraDetails gets a set.
      int n = names.size();
      if (n == SCAN_LIMIT) {
        large = new HashSet<>(names);
      }
      boolean repeated;
      if (large == null) {
        int h = name.hashCode();
        repeated = false;
        for (int i = 0; i < n && !repeated; i++) {
          repeated = hashes[i] == h && names.get(i).equals(name);
        }
        hashes[n] = h;
      } else {
        repeated = !large.add(name);
      }
      if (repeated) {
        throw WireException.of(pointer(parser), "duplicate property");
      }
      names.add(name);
      values.add(value(parser, parser.nextToken(), depth + 1));
    }
    long end = byteOffset(parser);
    return new JsonValue.Obj(names, values, start, end < 0 ? -1 : end + 1);
  }

  private JsonValue.Arr array(JsonParser parser, int depth) throws IOException, WireException {
    checkDepth(parser, depth);
    JsonStreamContext context = parser.getParsingContext();
    List<JsonValue> elements = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (elements.size() == limits.maxPayloadItems()) {
        throw WireException.of(container(context),
            "has more than " + limits.maxPayloadItems() + " items; the limit is " + limits.maxPayloadItems());
      }
      elements.add(value(parser, token, depth + 1));
    }
    return new JsonValue.Arr(elements);
  }

  private String string(JsonParser parser) throws IOException, WireException {
    if (parser.getTextLength() > limits.maxStringLength()) {
      throw WireException.of(pointer(parser), "string is " + parser.getTextLength()
          + " characters long; the limit is " + limits.maxStringLength());
    }
    return parser.getText();
  }

  private static JsonValue.Num integer(JsonParser parser) throws IOException {
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return new JsonValue.Num(null, true, parser.getText());
    }
    return new JsonValue.Num(parser.getLongValue(), true, null);
  }

  /** A number written with a fraction or exponent; JSON Schema still calls it an integer when it is whole. */
  private static JsonValue.Num decimal(String literal) {
    BigDecimal value;
    try {
      value = new BigDecimal(literal);
    } catch (NumberFormatException e) {
      // Only an exponent beyond int range gets here: huge, or vanishingly small.
      boolean tiny = literal.contains("e-") || literal.contains("E-");
      return new JsonValue.Num(null, !tiny, literal);
    }
    if (value.signum() == 0) {
      return new JsonValue.Num(0L, true, literal);
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > 0) {
      return new JsonValue.Num(null, false, literal);
    }
    // precision - scale is the count of integer digits; check it before any costly expansion.
    if (stripped.precision() - stripped.scale() > 19) {
      return new JsonValue.Num(null, true, literal);
    }
    try {
      return new JsonValue.Num(stripped.longValueExact(), true, literal);
    } catch (ArithmeticException e) {
      return new JsonValue.Num(null, true, literal);
    }
  }

  /**
   * Where the current token (not a property name) starts in the bytes, or -1 when the parser does not
   * know. A parser of UTF-8 bytes keeps the offset past the token's first byte; asking it for a
   * {@link JsonLocation} would make an object for every JSON object read.
   */
  private static long byteOffset(JsonParser parser) {
    return parser instanceof UTF8StreamJsonParser p ? p.getTokenCharacterOffset() - 1 : parser.currentTokenLocation().getByteOffset();
  }

  private void checkDepth(JsonParser parser, int depth) throws WireException {
    if (depth > limits.maxDepth()) {
      throw WireException.of(pointer(parser), "nesting is deeper than " + limits.maxDepth() + " levels");
    }
  }

  private String constraint(StreamConstraintsException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Number value length")) {
      return "number is longer than " + MAX_NUMBER_LENGTH + " characters";
    }
    if (message.startsWith("Document nesting depth")) {
      return "nesting is deeper than " + limits.maxDepth() + " levels";
    }
    return firstLine(message);
  }

  /** Where the parser is: the current value, or the container it is about to fill. */
  private static String pointer(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    return context == null ? "" : context.pathAsPointer().toString();
  }

  /** The pointer of the object or array {@code context} is reading, not of its current member. */
  private static String container(JsonStreamContext context) {
    JsonStreamContext parent = context.getParent();
    return parent == null ? "" : parent.pathAsPointer().toString();
  }

  private static String where(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
