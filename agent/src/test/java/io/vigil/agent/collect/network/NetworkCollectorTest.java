package io.vigil.agent.collect.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.ConnectionCreate.Connection;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.Direction;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture tree: root/ is the first poll's state, next/ replaces its socket tables for the second. */
class NetworkCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path root;

  private CollectorContext context() {
    return new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Europe/Berlin"));
  }

  private NetworkCollector fixture() {
    FixtureTree.copy(FixtureTree.resource(getClass(), "root"), root);
    FixtureTree.link(FixtureTree.resource(getClass(), "links.txt"), root);
    CollectorContext ctx = context();
    // The fixture's tables are written as a little-endian host writes them, whatever this host is.
    return new NetworkCollector(ctx, new SocketTable(ctx, ByteOrder.LITTLE_ENDIAN));
  }

  @Test
  void reportsTheConnectionsOpenedSinceThePreviousCallWithTheirOwners() throws Exception {
    NetworkCollector collector = fixture();
    assertThat(collector.name()).isEqualTo("network");
    assertThat(collector.collect()).as("the first call learns what is open").isEmpty();

    FixtureTree.copy(FixtureTree.resource(getClass(), "next"), root);
    List<SecurityEvent> events = collector.collect();

    assertThat(events).hasSize(2);
    Diagnostic warning = (Diagnostic) events.get(0);
    assertThat(warning.payload()).singleElement().satisfies(e -> {
      assertThat(e.severity()).isEqualTo(Diagnostic.Level.WARNING);
      assertThat(e.message()).isEqualTo("network: " + root.resolve("proc/net/tcp")
          + ":9: expected at least 10 fields, found 2 in '9: 0500000A:A8' (line skipped)");
      assertThat(e.extraDetails()).isEqualTo(Map.of("Collector", "network"));
    });
    ConnectionCreate created = (ConnectionCreate) events.get(1);
    assertThat(created.header().timestampUtc()).isEqualTo(NOW);
    assertThat(created.header().timestampLocal().getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    assertThat(created.payload()).containsExactly(
        new Connection("203.0.113.7", "40000", "10.0.0.5", "22", Direction.IN, "TCP", 101, "0", "/usr/sbin/sshd",
            "sshd: root [priv]", Map.of("OwnerKnown", "true", "State", "ESTABLISHED")),
        new Connection("198.51.100.20", "443", "10.0.0.5", "43210", Direction.OUT, "TCP", 400, "1001", "/tmp/.x/miner",
            "./miner -o stratum+tcp://pool:3333", Map.of("OwnerKnown", "true", "State", "ESTABLISHED", "ExecutableDeleted", "true")),
        new Connection("198.51.100.21", "80", "10.0.0.5", "43000", Direction.OUT, "TCP", 0, null, "[unknown]", null,
            Map.of("OwnerKnown", "false", "State", "TIME_WAIT")),
        // Still in sshd's accept queue: no process holds it yet, the listener's owner will.
        new Connection("203.0.113.8", "40001", "10.0.0.5", "22", Direction.IN, "TCP", 100, "0", "/usr/sbin/sshd",
            "/usr/sbin/sshd -D", Map.of("OwnerKnown", "true", "State", "ESTABLISHED")),
        // IPv4-mapped ends of a tcp6 socket, accepted by the :: listener
        new Connection("192.0.2.33", "51000", "10.0.0.5", "8080", Direction.IN, "TCP", 200, "1001", "/usr/bin/node",
            "/usr/bin/node /srv/app.js", Map.of("OwnerKnown", "true", "State", "ESTABLISHED")),
        new Connection("2606:4700::1111", "443", "2001:db8::5", "33000", Direction.OUT, "TCP", 400, "1001", "/tmp/.x/miner",
            "./miner -o stratum+tcp://pool:3333", Map.of("OwnerKnown", "true", "State", "ESTABLISHED", "ExecutableDeleted", "true")),
        // Its owner, pid 500, is gone; the table still knows the uid.
        new Connection("8.8.8.8", "53", "10.0.0.5", "55555", Direction.OUT, "UDP", 0, "101", "[unknown]", null,
            Map.of("OwnerKnown", "false")),
        new Connection("fd00::9", "40000", "fd00::5", "5683", Direction.IN, "UDP", 600, "1001", "/usr/bin/coap-server",
            "/usr/bin/coap-server -p 5683", Map.of("OwnerKnown", "true")));

    assertThat(collector.collect()).as("nothing new, and the malformed line was reported already").isEmpty();
    byte[] json = new SecurityMessageCodec().encode(SecurityMessage.of("0.1.0", "6a1c7f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f", events));
    assertThat(new SecurityMessageCodec().decode(json).events()).isEqualTo(events);
  }

  @Test
  void aConnectionThatClosesAndOpensAgainIsNewAgain() throws Exception {
    NetworkCollector collector = fixture();
    collector.collect();
    FixtureTree.copy(FixtureTree.resource(getClass(), "next"), root);
    assertThat(collector.collect()).isNotEmpty();
    FixtureTree.copy(FixtureTree.resource(getClass(), "root"), root);
    assertThat(collector.collect()).as("connections closed: nothing is created").isEmpty();
    FixtureTree.copy(FixtureTree.resource(getClass(), "next"), root);
    assertThat(collector.collect()).filteredOn(ConnectionCreate.class::isInstance).singleElement()
        .satisfies(e -> assertThat(e.payload()).hasSize(8));
  }

  @Test
  void aMountedImageHasNoConnections() {
    NetworkCollector collector = new NetworkCollector(context());
    assertThatThrownBy(collector::collect).isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no " + root.resolve("proc/net/tcp") + ": connection data exists only on a running system");
  }
}
