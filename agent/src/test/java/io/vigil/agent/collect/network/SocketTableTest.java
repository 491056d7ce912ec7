package io.vigil.agent.collect.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketTableTest {
  private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
  private static final String LISTENER =
      "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18362 1 0 100 0 0 10 0";

  @TempDir Path root;

  private SocketTable table() {
    return new SocketTable(new CollectorContext(root, Clock.systemUTC(), ZoneOffset.UTC), ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void aKernelWithoutIpv6OrUdpTablesHasOnlyTcp() throws Exception {
    Files.createDirectories(root.resolve("proc/net"));
    Files.writeString(root.resolve("proc/net/tcp"), HEADER + "\n" + LISTENER + "\n");
    SocketTable.Result read = table().read();
    assertThat(read.sockets()).containsExactly(new SocketRow("TCP", 4, "0.0.0.0", 22, "0.0.0.0", 0, 10, 0, 18362));
    assertThat(read.newProblems()).isEmpty();
    assertThat(read.warning(new CollectorContext(root, Clock.systemUTC(), ZoneOffset.UTC), "network")).isEmpty();
  }

  @Test
  void reportsMalformedLinesOncePerFileAndAtMostFive() throws Exception {
    Files.createDirectories(root.resolve("proc/net"));
    List<String> lines = new ArrayList<>(List.of(HEADER, LISTENER));
    for (int i = 0; i < 7; i++) {
      lines.add("  " + (i + 1) + ": garbage");
    }
    Files.write(root.resolve("proc/net/tcp"), lines);
    Files.write(root.resolve("proc/net/udp"), List.of(HEADER, "  0: 0100007F:0035"));
    SocketTable table = table();
    SocketTable.Result first = table.read();
    String tcp = root.resolve("proc/net/tcp").toString();
    String udp = root.resolve("proc/net/udp").toString();
    assertThat(first.sockets()).hasSize(1);
    assertThat(first.newProblems()).containsExactly(
        tcp + ":3: expected at least 10 fields, found 2 in '1: garbage' (line skipped)",
        tcp + ":4: expected at least 10 fields, found 2 in '2: garbage' (line skipped)",
        tcp + ":5: expected at least 10 fields, found 2 in '3: garbage' (line skipped)",
        tcp + ":6: expected at least 10 fields, found 2 in '4: garbage' (line skipped)",
        tcp + ":7: expected at least 10 fields, found 2 in '5: garbage' (line skipped)",
        tcp + ": 2 more malformed lines skipped",
        udp + ":2: expected at least 10 fields, found 2 in '0: 0100007F:0035' (line skipped)");
    SocketTable.Result second = table.read();
    assertThat(second.sockets()).hasSize(1);
    assertThat(second.newProblems()).isEmpty();
    assertThat(table.skippedLines()).isEqualTo(16);
  }
}
