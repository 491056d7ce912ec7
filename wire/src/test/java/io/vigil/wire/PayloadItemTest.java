package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.model.event.SecurityEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadItemTest {
  private final SecurityMessageCodec codec = new SecurityMessageCodec();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void eachItemEncodesAsItStandsInTheMessage() throws Exception {
    List<SecurityEvent> events = AllKinds.full();
    JsonNode message = json.readTree(codec.encode(AllKinds.message(events)));
    for (int e = 0; e < events.size(); e++) {
      SecurityEvent event = events.get(e);
      for (int i = 0; i < event.payload().size(); i++) {
        JsonNode expected = message.path("Events").path(e).path("Payload").path(i);
        assertThat(json.readTree(codec.encodePayloadItem(event, i))).as(event.kind().eventName() + " item " + i).isEqualTo(expected);
      }
    }
  }

  @Test
  void aMissingItemIsRefused() {
    SecurityEvent first = AllKinds.full().get(0);
    assertThatThrownBy(() -> codec.encodePayloadItem(first, first.payload().size()))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** The text kept of each item is exactly the item's JSON as received, for every valid reference sample. */
  @Test
  void decodingKeepsEachItemAsReceived() throws Exception {
    List<byte[]> samples = Reference.samples("valid");
    assertThat(samples).isNotEmpty();
    int items = 0;
    for (byte[] sample : samples) {
      SecurityMessageCodec.Decoded d = codec.decodeKeepingText(sample);
      JsonNode message = json.readTree(sample);
      for (int e = 0; e < d.message().events().size(); e++) {
        for (int i = 0; i < d.message().events().get(e).payload().size(); i++) {
          String text = d.items().of(e, i);
          assertThat(text).as("event %d item %d", e, i).startsWith("{").endsWith("}");
          assertThat(json.readTree(text)).isEqualTo(message.path("Events").path(e).path("Payload").path(i));
          items++;
        }
        assertThat(d.items().of(e, d.message().events().get(e).payload().size())).as("no item past the last").isNull();
      }
    }
    assertThat(items).isGreaterThan(samples.size());
  }

  /** Spacing, escapes and non-ASCII text stay as the device wrote them, also inside gzip. */
  @Test
  void theKeptTextIsTheSendersOwn() throws Exception {
    String item = "{ \"Executable\" : \"/opt/caf\u00e9/run\", \"ProcessId\": 7, \"ParentProcessId\": 1,\n  \"CommandLine\": \"run --name=\\u00e9t\u00e9\","
        + " \"UserId\": \"0\", \"ExtraDetails\": {\"K\": \"\\\"quoted\\\"\"} }";
    String message = "{\"AgentVersion\":\"0.1.0\",\"AgentId\":\"a0e4c1d2-5f6b-4c7d-8e9f-0a1b2c3d4e5f\",\"MessageSchemaVersion\":\"1.0\","
        + "\"Events\":[{\"Id\":\"00000000-0000-4000-8000-000000000001\",\"TimestampLocal\":\"2026-11-22T12:00:00Z\","
        + "\"TimestampUTC\":\"2026-11-22T12:00:00Z\",\"Category\":\"Triggered\",\"Name\":\"ProcessCreate\",\"EventType\":\"Security\","
        + "\"IsEmpty\":false,\"PayloadSchemaVersion\":\"1.0\",\"Payload\":[" + item + "]}]}";
    byte[] bytes = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte[] body : List.of(bytes, Gzip.deflate(bytes))) {
      SecurityMessageCodec.Decoded d = codec.decodeKeepingText(body);
      assertThat(d.items().of(0, 0)).isEqualTo(item);
    }
    assertThat(ItemText.NONE.of(0, 0)).isNull();
  }
}
