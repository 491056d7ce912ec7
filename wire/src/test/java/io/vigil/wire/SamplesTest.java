package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventCategory;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.Login;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.model.event.SystemInformation;
import io.vigil.wire.WireException.Violation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published samples: every valid one decodes, every invalid one is refused with located reasons. */
class SamplesTest {
  private static final List<byte[]> VALID = Reference.samples("valid");
  private static final List<byte[]> INVALID = Reference.samples("invalid");
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  static IntStream validIndexes() {
    return IntStream.range(0, VALID.size());
  }

  @Test
  void theReferenceHoldsThirteenValidAndSixInvalidSamples() {
    assertThat(VALID).hasSize(13);
    assertThat(INVALID).hasSize(6);
  }

  @ParameterizedTest
  @MethodSource("validIndexes")
  void everyValidSampleDecodes(int index) throws WireException {
    SecurityMessage message = codec.decode(VALID.get(index));
    assertThat(message.events()).isNotEmpty();
    assertThat(message.schemaVersion()).isEqualTo("1.0");
  }

  @Test
  void listeningPortsKeepTheirAddressesAndOffsets() throws WireException {
    SecurityMessage message = codec.decode(VALID.get(0));
    assertThat(message.agentId()).isEqualTo("072f3eca-3db0-45ba-8174-fa383bc93caf");
    ListeningPorts ports = (ListeningPorts) message.events().getFirst();
    assertThat(ports.header().timestampUtc()).isEqualTo(Instant.parse("2018-08-10T11:01:21Z"));
    assertThat(ports.header().timestampLocal()).isEqualTo(OffsetDateTime.parse("2018-08-10T11:01:21+01:00"));
    assertThat(ports.payload()).extracting(ListeningPorts.Port::remotePort).containsExactly("500", "501");
    assertThat(ports.payload().getFirst().localAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void processCreateKeepsEveryField() throws WireException {
    ProcessCreate event = (ProcessCreate) codec.decode(VALID.get(2)).events().getFirst();
    assertThat(event.payload()).containsExactly(
        new ProcessCreate.Process("script.exe", 6052, 6051, "0", "USER$", "CMND", Map.of("SomeKey", "39")));
  }

  @Test
  void aMessageMayMixKindsAndReuseEventIds() throws WireException {
    List<SecurityEvent> events = codec.decode(VALID.get(4)).events();
    assertThat(events).extracting(e -> e.kind().eventName())
        .containsExactly("ProcessCreate", "ProcessTerminate", "ProcessCreate", "ConnectionCreate");
    // ExtraDetails is any map of strings, even one that looks like a schema reference.
    assertThat(((ProcessTerminate) events.get(1)).payload().getFirst().extraDetails())
        .isEqualTo(Map.of("$ref", "messageEventTypeDefinitions_v1_0.json#/extradetails"));
    ConnectionCreate.Connection connection = ((ConnectionCreate) events.get(3)).payload().getFirst();
    assertThat(connection.direction()).isEqualTo(Direction.IN);
    assertThat(connection.userId()).isNull();
  }

  @Test
  void loginKeepsItsResult() throws WireException {
    Login.Attempt attempt = ((Login) codec.decode(VALID.get(6)).events().getFirst()).payload().getFirst();
    assertThat(attempt.result()).isEqualTo(Login.Result.SUCCESS);
    assertThat(attempt.operation()).isEqualTo("PAM:authentication");
    assertThat(attempt.remoteAddress()).isEqualTo("127.0.0.1");
    assertThat(attempt.extraDetails()).isEmpty();
  }

  @Test
  void firewallAddressesMayBeTags() throws WireException {
    FirewallConfiguration firewall = (FirewallConfiguration) codec.decode(VALID.get(7)).events().getFirst();
    assertThat(firewall.payload()).extracting(FirewallConfiguration.Rule::action).containsExactly(
        FirewallConfiguration.Action.ALLOW, FirewallConfiguration.Action.ALLOW, FirewallConfiguration.Action.DENY);
    assertThat(firewall.payload().getFirst().sourceAddress()).isEqualTo("localhost");
    assertThat(firewall.payload().getFirst().priority()).isEqualTo(1L);
  }

  @Test
  void timestampsMayUseASpaceInsteadOfT() throws WireException {
    SecurityEvent diagnostic = codec.decode(VALID.get(9)).events().getFirst();
    assertThat(diagnostic.header().timestampUtc()).isEqualTo(Instant.parse("2018-10-09T13:22:50Z"));
    assertThat(diagnostic.header().timestampLocal()).isEqualTo(OffsetDateTime.parse("2018-10-09T16:22:50Z"));
  }

  @Test
  void osBaselineHoldsThirteenChecks() throws WireException {
    OSBaseline baseline = (OSBaseline) codec.decode(VALID.get(10)).events().getFirst();
    assertThat(baseline.payload()).hasSize(13);
    assertThat(baseline.payload().getFirst()).isEqualTo(new OSBaseline.Check(
        "Disable support for RDS.", "CCE-14027-7", OSBaseline.Result.FAIL,
        "Found no files with lines matching '^install\\\\srds' in /etc/modprobe.d/", OSBaseline.CheckSeverity.WARNING, Map.of()));
    assertThat(baseline.payload()).filteredOn(c -> c.result() == OSBaseline.Result.ERR).hasSize(7);
  }

  @Test
  void anEmptyPeriodicEventHasNoPayload() throws WireException {
    SecurityEvent baseline = codec.decode(VALID.get(11)).events().getFirst();
    assertThat(baseline).isInstanceOf(OSBaseline.class);
    assertThat(baseline.kind().category()).isEqualTo(EventCategory.PERIODIC);
    assertThat(baseline.payload()).isEmpty();
  }

  @Test
  void systemInformationLeavesUnsentFieldsNull() throws WireException {
    SystemInformation.Info info = ((SystemInformation) codec.decode(VALID.get(12)).events().getFirst()).payload().getFirst();
    assertThat(info.osName()).isEqualTo("Microsoft Windows 10 Enterprise");
    assertThat(info.biosVersion()).isEqualTo("BIOS");
    assertThat(info.totalPhysicalMemoryKb()).isEqualTo(1L);
    assertThat(info.osArchitecture()).isNull();
    assertThat(info.hostName()).isNull();
  }

  @Test
  void invalidSample0IsAStringNotAMessage() {
    assertThat(violations(INVALID.get(0))).containsExactly(new Violation("", "expected object, got string"));
  }

  @Test
  void invalidSample1IsAnArrayNotAMessage() {
    assertThat(violations(INVALID.get(1))).containsExactly(new Violation("", "expected object, got array"));
  }

  @Test
  void invalidSample2IsAnEmptyObject() {
    assertThat(violations(INVALID.get(2))).containsExactly(
        new Violation("", "missing required property \"AgentVersion\""),
        new Violation("", "missing required property \"AgentId\""),
        new Violation("", "missing required property \"MessageSchemaVersion\""),
        new Violation("", "missing required property \"Events\""));
  }

  @Test
  void invalidSample3HasNoEventsAndNoAgent() {
    assertThat(violations(INVALID.get(3))).containsExactly(
        new Violation("", "missing required property \"AgentVersion\""),
        new Violation("", "missing required property \"AgentId\""),
        new Violation("", "missing required property \"MessageSchemaVersion\""),
        new Violation("/Events", "must contain at least 1 event"));
  }

  @Test
  void invalidSample4HasANumberInExtraDetails() {
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(INVALID.get(4)));
    assertThat(e.violations()).containsExactly(
        new Violation("/Events/0/Payload/0/ExtraDetails/SomeKey", "expected string, got integer"));
    assertThat(e).hasMessage("/Events/0/Payload/0/ExtraDetails/SomeKey: expected string, got integer");
  }

  @Test
  void invalidSample5HasAnIntegerPortAndMissesDirectionAndProtocol() {
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(INVALID.get(5)));
    assertThat(e.violations()).containsExactly(
        new Violation("/Events/0/Payload/0/RemotePort", "expected string, got integer"),
        new Violation("/Events/0/Payload/0", "missing required property \"Direction\""),
        new Violation("/Events/0/Payload/0", "missing required property \"Protocol\""));
    assertThat(e).hasMessage("""
        /Events/0/Payload/0/RemotePort: expected string, got integer
        /Events/0/Payload/0: missing required property "Direction"
        /Events/0/Payload/0: missing required property "Protocol\"""");
  }

  private List<Violation> violations(byte[] message) {
    return catchThrowableOfType(WireException.class, () -> codec.decode(message)).violations();
  }
}
