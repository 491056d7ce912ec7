package io.vigil.agent.config;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes the plain values that {@link io.vigil.agent.collect.JsonValues} reads back as JSON. */
final class JsonValueWriter {
  private JsonValueWriter() {}

  static void write(JsonGenerator g, Object v) throws IOException {
    switch (v) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Long n -> g.writeNumber(n);
      case Double d -> g.writeNumber(d);
      case List<?> l -> {
        g.writeStartArray();
        for (Object item : l) {
          write(g, item);
        }
        g.writeEndArray();
      }
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      default -> g.writeString(String.valueOf(v));
    }
  }
}
