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
}
