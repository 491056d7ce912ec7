package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.WireException.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema's rules one by one, each with a fixture named after what it shows. */
class SchemaRulesTest {
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  @Test
  void wrongTypesEnumsAddressesAndUnknownPropertiesAreAllReported() {
    assertThat(violations("wrong-types.json")).containsExactly(
        new Violation("/Events/0/Payload/0/RemoteAddress", "\"999.1.1.1\" is not an IPv4 or IPv6 address"),
        new Violation("/Events/0/Payload/0/RemotePort", "expected string, got integer"),
        new Violation("/Events/0/Payload/0/Direction", "\"Inbound\" is not one of In, Out"),
        new Violation("/Events/0/Payload/0", "missing required property \"Protocol\""),
        new Violation("/Events/0/Payload/0/ProcessId", "expected integer, got number"),
        new Violation("/Events/0/Payload/0/Executable", "expected string, got null"),
        new Violation("/Events/0/Payload/0/ExtraDetails/Count", "expected string, got integer"),
        new Violation("/Events/0/Payload/0/Bogus", "unknown property (additionalProperties is false)"),
        new Violation("/Events/0/Payload/1", "expected object, got string"));
  }

  @Test
  void envelopeViolationsAndUnknownEventNames() {
    assertThat(violations("bad-envelope.json")).containsExactly(
        new Violation("/AgentVersion", "expected string, got integer"),
        new Violation("/AgentId", "must be 36 characters (a GUID), got 12"),
        new Violation("/MessageSchemaVersion", "\"2.0\" is not one of 1.0"),
        new Violation("/Extra", "unknown property (additionalProperties is false)"),
        new Violation("/Events/0/TimestampUTC", "\"yesterday\" is not an RFC 3339 date-time"),
        new Violation("/Events/0/IsEmpty", "expected boolean, got string"),
        new Violation("/Events/0/Comment", "unknown property (additionalProperties is false)"),
        new Violation("/Events/0/Category", "\"Triggered\" does not match event \"ListeningPorts\" (Periodic)"),
        new Violation("/Events/0/EventType", "\"Operational\" does not match event \"ListeningPorts\" (Security)"),
        new Violation("/Events/0/PayloadSchemaVersion", "\"2.0\" does not match event \"ListeningPorts\" (1.0)"),
        new Violation("/Events/1", "unknown event name \"Foo\"; known names are ProcessCreate, ProcessTerminate, "
            + "ConnectionCreate, Login, ListeningPorts, FirewallConfiguration, LocalUsers, ConnectedHardware, OSBaseline, "
            + "SystemInformation, Diagnostic, ConfigurationError, DroppedEventsStatistics, MessageStatistics, Sbom, "
            + "KernelModule, FileIntegrity, Peripheral, Heartbeat, HubOperation, AgentStatistics"),
        new Violation("/Events/2", "expected object, got integer"));
  }

  @Test
  void isEmptyCategoryAndPayloadMustAgree() {
    assertThat(violations("empty-shapes.json")).containsExactly(
        new Violation("/Events/0/IsEmpty", "must be false for a Triggered event"),
        new Violation("/Events/1/Payload", "must contain at least 1 item when IsEmpty is false"),
        new Violation("/Events/2/Payload", "must contain at least 1 item when IsEmpty is false"));
  }

  @Test
  void aLoginNeedsUserIdOrUserName() {
    assertThat(violations("login-without-user.json")).containsExactly(
        new Violation("/Events/0/Payload/0", "missing required property \"UserId\" or \"UserName\""));
  }

  @Test
  void integersMustFitSixtyFourBits() {
    assertThat(violations("out-of-range.json")).containsExactly(
        new Violation("/Events/0/Payload/0/ProcessId", "99999999999999999999 is out of range for a 64-bit integer"),
        new Violation("/Events/0/Payload/0/ExitStatus", "1e30 is out of range for a 64-bit integer"));
  }

  @Test
  void whatTheModelRefusesIsReportedAtTheItem() {
    assertThat(violations("negative-counter.json")).containsExactly(
        new Violation("/Events/0/Payload/0", "CollectedEvents must not be negative, was -1"));
  }

  @Test
  void aCorrelationIdIsAGuid() {
    assertThat(violations("bad-correlation-id.json")).containsExactly(
        new Violation("/Events/0/Payload/0/CorrelationId", "must be 36 characters (a GUID), got 3"));
  }

  @Test
  void vigilAdditionsAreCheckedToo() {
    assertThat(violations("bad-vigil-additions.json")).containsExactly(
        new Violation("/Events/0/Payload/0", "Name must not be blank"),
        new Violation("/Events/1/Payload/0/DeviceClass", "\"Bluetooth\" is not one of Usb, Network"),
        new Violation("/Events/2/Payload/0", "ExtraDetails.BytesSent '12 KB' is not a whole number"),
        new Violation("/Events/2/Payload/1",
            "ExtraDetails must hold BytesSent, IntervalStart and IntervalEnd together, missing IntervalStart"));
  }

  @Test
  void duplicatePropertiesAreRefused() {
    String json = "{\"AgentVersion\":\"1\",\"AgentVersion\":\"2\"}";
    assertThat(violations(json.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(new Violation("/AgentVersion", "duplicate property"));
    StringBuilder details = new StringBuilder("{\"Events\": [{\"Payload\": [{\"ExtraDetails\": {");
    for (int i = 0; i < 40; i++) {
      details.append("\"k").append(i).append("\": \"v\", ");
    }
    details.append("\"k7\": \"again\"}}]}]}");
    assertThat(violations(details.toString().getBytes(StandardCharsets.UTF_8)))
        .containsExactly(new Violation("/Events/0/Payload/0/ExtraDetails/k7", "duplicate property"));
  }

  @Test
  void whatTheSchemaAllowsIsAccepted() throws WireException {
    SecurityMessage message = codec.decode(fixture("accepted-edges.json"));

    ProcessTerminate terminate = (ProcessTerminate) message.events().get(0);
    assertThat(terminate.payload().getFirst().processId()).as("6052.0 is an integer").isEqualTo(6052);
    assertThat(terminate.header().timestampUtc()).as("lower-case t and z")
        .isEqualTo(Instant.parse("2018-08-10T10:01:21.123456789Z"));

    OSBaseline baseline = (OSBaseline) message.events().get(1);
    assertThat(baseline.payload()).as("a Periodic event with IsEmpty true may still carry items").hasSize(1);

    ConnectionCreate connection = (ConnectionCreate) message.events().get(2);
    assertThat(connection.payload().getFirst().remoteAddress()).isEqualTo("::ffff:192.0.2.1");

    Heartbeat heartbeat = (Heartbeat) message.events().get(3);
    assertThat(heartbeat.payload()).containsExactly(new Heartbeat.Beat(3600, Map.of("Spool", "3")));
  }

  @Test
  void collectingStopsAtFiftyViolations() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 60; i++) {
      json.append(i == 0 ? "" : ",").append("\"Unknown").append(i).append("\":1");
    }
    WireException e = catchThrowableOfType(WireException.class,
        () -> codec.decode(json.append('}').toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(e.violations()).hasSize(WireException.MAX_VIOLATIONS);
    assertThat(e.violations().get(4)).isEqualTo(new Violation("/Unknown0", "unknown property (additionalProperties is false)"));
    assertThat(e.getMessage()).endsWith("\n/Unknown45: unknown property (additionalProperties is false)\n(stopped after 50 violations)");
  }

  private List<Violation> violations(String fixture) {
    return violations(fixture(fixture));
  }

  private List<Violation> violations(byte[] message) {
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(message));
    assertThat(e).as("refused").isNotNull();
    return e.violations();
  }

  private static byte[] fixture(String name) {
    try (InputStream in = SchemaRulesTest.class.getResourceAsStream("SchemaRulesTest/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture SchemaRulesTest/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
