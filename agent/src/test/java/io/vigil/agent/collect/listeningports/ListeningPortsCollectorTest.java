package io.vigil.agent.collect.listeningports;

import io.vigil.agent.collect.TestTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.network.SocketTable;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.ListeningPorts.Port;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningPortsCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path root;

  private CollectorContext context() {
    return new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
  }

  private ListeningPortsCollector fixture() throws Exception {
    TestTrees.copy(TestTrees.resource(getClass(), "root"), root);
    for (String line : Files.readAllLines(Path.of(getClass().getResource("links.txt").toURI()))) {
      if (!line.startsWith("#")) {
        Path link = root.resolve(line.substring(0, line.indexOf(' ')));
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(line.substring(line.indexOf(' ') + 1)));
      }
    }
    CollectorContext ctx = context();
    return new ListeningPortsCollector(ctx, new SocketTable(ctx, ByteOrder.LITTLE_ENDIAN));
  }

  @Test
  void reportsEveryListenerWithItsOwner() throws Exception {
    ListeningPortsCollector collector = fixture();
    assertThat(collector.name()).isEqualTo("listening_ports");
    List<SecurityEvent> events = collector.collect();

    assertThat(events).hasSize(2);
    assertThat(((Diagnostic) events.get(0)).payload()).extracting(Diagnostic.Entry::message).containsExactly(
        "listening_ports: " + root.resolve("proc/net/tcp") + ":5: expected at least 10 fields, found 9 in "
            + "'3: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0' (line skipped)");
    ListeningPorts ports = (ListeningPorts) events.get(1);
    assertThat(ports.header().timestampUtc()).isEqualTo(NOW);
    assertThat(ports.payload()).containsExactly(
        new Port("0.0.0.0", "*", "0.0.0.0", "22", "TCP",
            Map.of("ProcessId", "100", "Executable", "/usr/sbin/sshd", "CommandLine", "/usr/sbin/sshd -D", "UserId", "0")),
        // no process holds it that we can see: only the socket's uid is known
        new Port("0.0.0.0", "*", "127.0.0.1", "631", "TCP", Map.of("UserId", "0")),
        // an IPv6 socket bound to an IPv4-mapped address: IPv4 peers only
        new Port("0.0.0.0", "*", "127.0.0.1", "5432", "TCP", Map.of("ProcessId", "500",
            "Executable", "/usr/lib/postgresql/15/bin/postgres", "CommandLine", "postgres: main", "UserId", "105")),
        // shared by the node master (200) and its worker (201): the lowest pid, once
        new Port("::", "*", "::", "8080", "TCP",
            Map.of("ProcessId", "200", "Executable", "/usr/bin/node", "CommandLine", "node /srv/app.js", "UserId", "1001")),
        // held by a zombie: no executable, no command line
        new Port("::", "*", "fe80::5054:ff:fe1d:adb6", "9100", "TCP", Map.of("ProcessId", "700", "UserId", "65534")),
        new Port("0.0.0.0", "*", "0.0.0.0", "53", "UDP",
            Map.of("ProcessId", "300", "Executable", "/usr/sbin/dnsmasq", "CommandLine", "/usr/sbin/dnsmasq -k", "UserId", "0")),
        new Port("::", "*", "::1", "323", "UDP",
            Map.of("ProcessId", "400", "Executable", "/usr/sbin/chronyd", "CommandLine", "/usr/sbin/chronyd -F 1", "UserId", "101")));

    List<SecurityEvent> again = collector.collect();
    assertThat(again).as("a snapshot every time; the malformed line only once").singleElement()
        .isInstanceOfSatisfying(ListeningPorts.class, p -> assertThat(p.payload()).isEqualTo(ports.payload()));
    byte[] json = new SecurityMessageCodec().encode(SecurityMessage.of("0.1.0", "6a1c7f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f", events));
    assertThat(new SecurityMessageCodec().decode(json).events()).isEqualTo(events);
  }

  @Test
  void aMountedImageHasNoListeners() {
    assertThatThrownBy(new ListeningPortsCollector(context())::collect).isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no " + root.resolve("proc/net/tcp") + ": connection data exists only on a running system");
  }
}
