package io.vigil.agent.collect.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.SecurityEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host with tens of thousands of connections (a broker or a gateway), through a fake socket
 * source: the collector remembers them by fingerprint and reports exactly the new ones.
 */
class NetworkCollectorManyTest {
  @TempDir Path root;

  /** A socket source that returns whatever the test put in {@code rows}. */
  private static final class FakeSockets implements Sockets {
    List<SocketRow> rows = List.of();

    @Override
    public SocketTable.Result read() {
      return new SocketTable.Result(rows, List.of());
    }
  }

  private static SocketRow tcp(String local, int localPort, String remote, int remotePort) {
    return new SocketRow("TCP", 4, local, localPort, remote, remotePort, 0x01, 1000, 0);
  }

  private static List<SocketRow> clients(int from, int count) {
    List<SocketRow> rows = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      rows.add(tcp("10.0.0.1", 30000 + i % 30000, "10.1." + (i / 250 % 250) + "." + (i % 250), 1883 + i / 30000));
    }
    return rows;
  }

  @Test
  void ofFiftyThousandConnectionsOnlyTheNewOnesAreReportedOnce() throws Exception {
    FakeSockets sockets = new FakeSockets();
    NetworkCollector collector = new NetworkCollector(
        new CollectorContext(root, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC), sockets);
    sockets.rows = clients(0, 50_000);
    assertThat(collector.collect()).isEmpty();

    List<SocketRow> next = new ArrayList<>(clients(1, 50_000)); // 0 closed, 50,000 opened
    next.add(next.get(7)); // the same connection twice in one read (as a dump can list it) is one
    sockets.rows = next;
    List<SecurityEvent> events = collector.collect();

    assertThat(events).singleElement().isInstanceOfSatisfying(ConnectionCreate.class, e -> assertThat(e.payload())
        .singleElement().satisfies(c -> {
          assertThat(c.remoteAddress()).isEqualTo("10.1.200.0");
          assertThat(c.localPort()).isEqualTo("50000");
          assertThat(c.remotePort()).isEqualTo("1884");
        }));
    assertThat(collector.collect()).as("nothing new").isEmpty();
  }

  @Test
  void fingerprintsTellApartConnectionsWhoseTextRunsTogether() {
    assertThat(NetworkCollector.fingerprint(tcp("10.0.0.1", 5, "1.2.3.4", 80)))
        .isNotEqualTo(NetworkCollector.fingerprint(tcp("10.0.0.11", 5, ".2.3.4", 80)))
        .isNotEqualTo(NetworkCollector.fingerprint(tcp("10.0.0.1", 80, "1.2.3.4", 5)))
        .isNotEqualTo(NetworkCollector.fingerprint(new SocketRow("UDP", 4, "10.0.0.1", 5, "1.2.3.4", 80, 1, 0, 0)));
  }
}
