package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.ProcessCreate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes the encoder writes: the schema's property names and order, nothing null, nothing empty. */
class EncodeTest {
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  @Test
  void writesTheSchemaShape() throws IOException {
    EventHeader header = new EventHeader("a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf",
        Instant.parse("2026-03-01T08:00:00.250Z"), Instant.parse("2026-03-01T08:00:00.250Z").atOffset(ZoneOffset.ofHours(1)));
    var message = AllKinds.message(List.of(
        new ProcessCreate(header, List.of(new ProcessCreate.Process(
            "/usr/bin/curl", 4242, 1, "1000", null, "curl -s http://example.test", Map.of("ParentExecutable", "/bin/bash")))),
        new OSBaseline(header, List.of())));
    byte[] json = codec.encode(message);
    try (InputStream expected = EncodeTest.class.getResourceAsStream("EncodeTest/process-create-and-empty-baseline.json")) {
      assertThat(Reference.JSON.readTree(json)).isEqualTo(Reference.JSON.readTree(expected));
    }
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).startsWith("{\"AgentVersion\":\"2.1.0\",\"AgentId\":\"ea05af2d-7397-4a1b-9ec7-3dc15e762a69\","
        + "\"MessageSchemaVersion\":\"1.0\",\"Events\":[{\"Id\":\"a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf\","
        + "\"TimestampLocal\":\"2026-03-01T09:00:00.250+01:00\",\"TimestampUTC\":\"2026-03-01T08:00:00.250Z\"");
    assertThat(text).doesNotContain("null").doesNotContain("UserName");
  }

  @Test
  void refusesAnAddressThatIsNotAnIpLiteral() {
    var connection = new ConnectionCreate.Connection(
        "example.com", "443", null, null, Direction.OUT, "TCP", 1, null, "/usr/bin/curl", null, null);
    var message = AllKinds.message(List.of(AllKinds.full().getFirst(), new ConnectionCreate(AllKinds.header(3), List.of(connection))));
    assertThatThrownBy(() -> codec.encode(message))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/Events/1/Payload/0/RemoteAddress: \"example.com\" is not an IPv4 or IPv6 address");
  }

  @Test
  void refusesACorrelationIdThatIsNotAGuid() {
    var entry = new Diagnostic.Entry("42", Diagnostic.Level.ERROR, "m", 1, 1, null);
    var message = AllKinds.message(List.of(new Diagnostic(AllKinds.header(1), List.of(entry))));
    assertThatThrownBy(() -> codec.encode(message))
        .hasMessage("/Events/0/Payload/0/CorrelationId: \"42\" must be 36 characters (a GUID)");
  }

  @Test
  void refusesATimestampRfc3339CannotHold() {
    Instant far = Instant.parse("+12026-01-01T00:00:00Z");
    var header = new EventHeader("a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf", far, far.atOffset(ZoneOffset.UTC));
    var message = AllKinds.message(List.of(new OSBaseline(header, List.of())));
    assertThatThrownBy(() -> codec.encode(message))
        .hasMessage("/Events/0/TimestampLocal: +12026-01-01T00:00Z is outside the years 0000-9999 that RFC 3339 can write");
  }
}
