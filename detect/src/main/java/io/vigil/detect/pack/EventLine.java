package io.vigil.detect.pack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.detect.sigma.Logsource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event of a JSON Lines file of Sigma events, as {@code vigil rules eval --events} and rule
 * fixtures read them: its fields by taxonomy name, plus the reserved keys {@code logsource},
 * {@code timestamp} and {@code device}. Nested objects read as dotted names ({@code a.b}), arrays
 * as multi-valued fields.
 *
 * @param logsources the event's logsource; null when not given (every rule applies)
 * @param time the event time; null when not given
 * @param device the correlation key; {@code eval} when not given
 */
public record EventLine(Map<String, Object> fields, List<Logsource> logsources, Instant time, String device) {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  public EventLine {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    logsources = logsources == null ? null : List.copyOf(logsources);
  }

  /**
   * Reads one line.
   *
   * @throws IllegalArgumentException saying what is wrong with the line
   */
  public static EventLine parse(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        if (first != null) {
          p.skipChildren();
        }
        throw new IllegalArgumentException("not a JSON object");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      List<Logsource> logsources = null;
      Instant time = null;
      String device = "eval";
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "logsource" -> logsources = List.of(logsource(p, v));
          case "timestamp" -> time = timestamp(p, v);
          case "device" -> {
            if (v != JsonToken.VALUE_STRING || p.getText().isBlank()) {
              throw new IllegalArgumentException("'device' must be a non-empty string, got " + raw(p, v));
            }
            device = p.getText();
          }
          default -> flatten(name, p, v, fields);
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("more content after the JSON object");
      }
      return new EventLine(fields, logsources, time, device);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Logsource logsource(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.START_OBJECT) {
      p.skipChildren();
      throw new IllegalArgumentException("'logsource' must be an object such as {\"product\":\"linux\",\"category\":\"process_creation\"}");
    }
    Map<String, String> parts = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      p.skipChildren();
      parts.put(key, value == JsonToken.VALUE_NULL || value.isStructStart() ? null : p.getText());
    }
    return new Logsource(parts.get("product"), parts.get("category"), parts.get("service"));
  }

  private static Instant timestamp(JsonParser p, JsonToken v) throws IOException {
    String text = raw(p, v);
    try {
      return Instant.parse(v == JsonToken.VALUE_STRING ? p.getText() : text);
    } catch (DateTimeParseException ex) {
      throw new IllegalArgumentException("'timestamp' must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, got " + text);
    }
  }

  /** The value as JSON text, for messages; skips a structure. */
  private static String raw(JsonParser p, JsonToken v) throws IOException {
    if (v.isStructStart()) {
      p.skipChildren();
      return v == JsonToken.START_OBJECT ? "an object" : "an array";
    }
    return v == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
  }

  private static void flatten(String name, JsonParser p, JsonToken v, Map<String, Object> out) throws IOException {
    if (v == JsonToken.START_OBJECT) {
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        flatten(name + "." + key, p, p.nextToken(), out);
      }
    } else if (v == JsonToken.START_ARRAY) {
      List<Object> values = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t.isStructStart()) {
          StringBuilder text = new StringBuilder();
          p.skipChildren();
          values.add(text.append(t == JsonToken.START_OBJECT ? "{...}" : "[...]").toString());
        } else {
          values.add(scalar(p, t));
        }
      }
      out.put(name, values);
    } else {
      out.put(name, scalar(p, v));
    }
  }

  private static Object scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDecimalValue().stripTrailingZeros().toPlainString();
      default -> p.getText();
    };
  }
}
