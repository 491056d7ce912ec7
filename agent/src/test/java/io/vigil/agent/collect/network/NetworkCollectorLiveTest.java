package io.vigil.agent.collect.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.ConnectionCreate.Connection;
import io.vigil.model.event.Direction;
import io.vigil.model.event.SecurityEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against this host: a child process connects to a listener of this JVM on loopback, and the
 * collector must name the child as the opener (Out) and this JVM as the acceptor (In).
 */
class NetworkCollectorLiveTest {
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void attributesBothEndsOfALoopbackConnection(String host) throws Exception {
    String uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      server.setSoTimeout(10_000);
      int port = server.getLocalPort();
      NetworkCollector collector = new NetworkCollector(CollectorContext.live());
      assertThat(collector.collect()).as("the first call learns what is open").isEmpty();

      String script = "exec 3<>/dev/tcp/" + host + "/" + port + "; read -t 30 -u 3 line";
      Process child = new ProcessBuilder("bash", "-c", script).start();
      try (Socket accepted = server.accept()) {
        int childPort = accepted.getPort();
        Predicate<Connection> out = c -> c.direction() == Direction.OUT && c.localPort().equals(Integer.toString(childPort))
            && c.remotePort().equals(Integer.toString(port));
        Predicate<Connection> in = c -> c.direction() == Direction.IN && c.localPort().equals(Integer.toString(port))
            && c.remotePort().equals(Integer.toString(childPort));
        List<Connection> seen = collectUntil(collector, out, in);

        assertThat(seen).filteredOn(out).singleElement().satisfies(c -> {
          assertThat(c.remoteAddress()).isEqualTo(host);
          assertThat(c.localAddress()).isEqualTo(host);
          assertThat(c.protocol()).isEqualTo("TCP");
          assertThat(c.processId()).isEqualTo(child.pid());
          assertThat(c.userId()).isEqualTo(uid);
          assertThat(c.executable()).isEqualTo(child.info().command().orElseThrow());
          assertThat(c.commandLine()).isEqualTo("bash -c " + script);
          assertThat(c.extraDetails()).isEqualTo(Map.of("OwnerKnown", "true", "State", "ESTABLISHED"));
        });
        ProcessHandle self = ProcessHandle.current();
        assertThat(seen).filteredOn(in).singleElement().satisfies(c -> {
          assertThat(c.remoteAddress()).isEqualTo(host);
          assertThat(c.localAddress()).isEqualTo(host);
          assertThat(c.protocol()).isEqualTo("TCP");
          assertThat(c.processId()).isEqualTo(self.pid());
          assertThat(c.userId()).isEqualTo(uid);
          assertThat(c.executable()).isEqualTo(self.info().command().orElseThrow());
          assertThat(c.commandLine()).endsWith(String.join(" ", self.info().arguments().orElseThrow()));
          assertThat(c.extraDetails()).isEqualTo(Map.of("OwnerKnown", "true", "State", "ESTABLISHED"));
        });
      } finally {
        child.destroy();
        child.waitFor();
      }
    }
  }

  /** Polls until a connection matching each predicate was seen, or ten seconds passed. */
  @SafeVarargs
  private static List<Connection> collectUntil(NetworkCollector collector, Predicate<Connection>... wanted) throws Exception {
    List<Connection> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      for (SecurityEvent e : collector.collect()) {
        if (e instanceof ConnectionCreate created) {
          seen.addAll(created.payload());
        }
      }
      boolean all = true;
      for (Predicate<Connection> w : wanted) {
        all &= seen.stream().anyMatch(w);
      }
      if (all) {
        break;
      }
      Thread.sleep(50);
    }
    return seen;
  }
}
