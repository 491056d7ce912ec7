package io.vigil.detect.settings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of settings JSON: the text as plain maps and lists, then typed values taken out
 * of it, each refused with {@code WHERE: /json/pointer: what is wrong} when it is not what the
 * settings need. Unknown keys and duplicate keys are errors, so that a typo never goes unnoticed.
 */
public final class StrictJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private StrictJson() {}

  /** A positive ISO-8601 duration such as {@code "PT5M"}. */
  public static Duration duration(Object v, String at, String where) {
    if (!(v instanceof String s)) {
      throw problem(where, at, "an ISO-8601 duration such as \"PT72H\" is required, was " + describe(v));
    }
    try {
      Duration d = Duration.parse(s);
      if (d.isNegative() || d.isZero()) {
        throw problem(where, at, "must be positive, was \"" + s + "\"");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw problem(where, at, "an ISO-8601 duration such as \"PT72H\" is required, was \"" + s + "\"");
    }
  }

  /** {@code true} or {@code false}. */
  public static boolean bool(Object v, String at, String where) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw problem(where, at, "true or false is required, was " + describe(v));
  }

  @SuppressWarnings("unchecked")
  /** An object, whose keys must all be in {@code allowed} (null: any key). */
  public static Map<String, Object> object(Object v, String at, String where, Set<String> allowed) {
    if (!(v instanceof Map<?, ?> m)) {
      throw problem(where, at.isEmpty() ? "/" : at, "an object is required, was " + describe(v));
    }
    if (allowed != null) {
      for (Object key : m.keySet()) {
        if (!allowed.contains(key)) {
          throw problem(where, at + "/" + escape((String) key), "unknown key (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
      }
    }
    return (Map<String, Object>) m;
  }

  /** A string that is not blank. */
  public static String text(Object v, String at, String where) {
    if (v instanceof String s && !s.isBlank()) {
      return s;
    }
    throw problem(where, at, "a non-empty string is required, was " + describe(v));
  }

  /** A whole number. */
  public static long integer(Object v, String at, String where) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      return ((Number) v).longValue();
    }
    throw problem(where, at, "a whole number is required, was " + describe(v));
  }

  /** An array. */
  public static List<?> array(Object v, String at, String where) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw problem(where, at, "an array is required, was " + describe(v));
  }

  /** The value as messages show it: quoted text, {@code an object}, {@code an array}, a number. */
  public static String describe(Object v) {
    return switch (v) {
      case null -> "null";
      case String s -> "\"" + s + "\"";
      case Map<?, ?> m -> "an object";
      case List<?> l -> "an array";
      default -> v.toString();
    };
  }

  /** {@code key} as one JSON-pointer segment ({@code ~} and {@code /} escaped). */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** The error for a bad value: {@code WHERE: POINTER: MESSAGE}. */
  public static IllegalArgumentException problem(String where, String pointer, String message) {
    return new IllegalArgumentException(where + ": " + pointer + ": " + message);
  }

  /**
   * The JSON text as maps (key order kept), lists, strings, numbers, booleans and nulls.
   *
   * @throws IllegalArgumentException as {@code WHERE:LINE: malformed JSON: ...}, also for a duplicate key
   */
  public static Object tree(String json, String where) {
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException(where + ": empty; expected a JSON object");
      }
      Object value = value(p, t);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(where + ":" + p.currentTokenLocation().getLineNr() + ": more content after the JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new IllegalArgumentException(where + ":" + line + ": malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          if (m.containsKey(name)) {
            throw new JsonProcessingException("duplicate key '" + name + "'", p.currentTokenLocation()) {};
          }
          m.put(name, value(p, p.nextToken()));
        }
        yield m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          l.add(value(p, i));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> null;
    };
  }
}
