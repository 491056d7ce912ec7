package io.vigil.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.EventKind;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@link SecurityMessage} as schema v1.0 JSON, UTF-8, properties in the schema's order.
 * Thread-safe.
 */
final class MessageEncoder {
  private final JsonFactory factory = new JsonFactory();

  byte[] encode(SecurityMessage message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = factory.createGenerator(bytes)) {
      FieldWriter out = new FieldWriter(json);
      json.writeStartObject();
      out.string("AgentVersion", message.agentVersion());
      out.string("AgentId", message.agentId());
      out.string("MessageSchemaVersion", message.schemaVersion());
      json.writeArrayFieldStart("Events");
      List<SecurityEvent> events = message.events();
      for (int i = 0; i < events.size(); i++) {
        out.at(Pointer.ROOT.child("Events").child(i));
        json.writeStartObject();
        event(events.get(i), out);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  String encodeItem(SecurityEvent event, int index) {
    // Characters, not UTF-8 bytes: the caller wants a String (one per raw event row), so no encoding there and back.
    java.io.StringWriter chars = new java.io.StringWriter(256);
    try (JsonGenerator json = factory.createGenerator(chars)) {
      FieldWriter out = new FieldWriter(json);
      out.at(Pointer.ROOT.child("Payload").child(index));
      PayloadFormats.payload(event).writeItem(index, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return chars.toString();
  }

  private static void event(SecurityEvent event, FieldWriter out) throws IOException {
    EventHeader header = event.header();
    EventKind kind = event.kind();
    out.string("Id", header.id());
    out.dateTime("TimestampLocal", header.timestampLocal());
    out.dateTime("TimestampUTC", header.timestampUtc());
    out.enumeration("Category", kind.category());
    out.string("Name", kind.eventName());
    out.enumeration("EventType", kind.type());
    out.bool("IsEmpty", event.payload().isEmpty());
    out.string("PayloadSchemaVersion", kind.payloadSchemaVersion());
    PayloadFormats.write(event, out);
  }
}
