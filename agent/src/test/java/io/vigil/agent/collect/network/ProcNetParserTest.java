package io.vigil.agent.collect.network;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcNetParserTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
  private static final String LISTENER =
      "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18362 1 ffff9c3a0e2b8000 100 0 0 10 0";
  private static final String ESTABLISHED =
      "   1: 0500000A:0016 0900000A:C350 01 00000000:00000000 02:000A7A2D 00000000  1001        0 4294967296 4 ffff9c3a0e2bd000 20 4 29 10 -1";

  private final ProcNetParser tcp = new ProcNetParser("/proc/net/tcp", "TCP", 4, LITTLE_ENDIAN);

  @Test
  void readsEveryFieldOfAKernelLine() {
    ProcNetParser.Parsed parsed = tcp.parse(List.of(HEADER, LISTENER, ESTABLISHED, ""));
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.sockets()).containsExactly(
        new SocketRow("TCP", 4, "0.0.0.0", 22, "0.0.0.0", 0, 0x0A, 0, 18362),
        new SocketRow("TCP", 4, "10.0.0.5", 22, "10.0.0.9", 50000, 0x01, 1001, 4294967296L));
  }

  @Test
  void readsAnIpv6LineOfABigEndianHost() {
    ProcNetParser tcp6 = new ProcNetParser("/proc/net/tcp6", "TCP", 6, BIG_ENDIAN);
    String line = "   0: 20010DB8000000000000000000000005:80E8 26064700000000000000000000001111:01BB 01 "
        + "00000000:00000000 00:00000000 00000000  1001        0 2002 1 0000000000000000 100 0 0 10 0";
    assertThat(tcp6.parse(List.of(line)).sockets()).containsExactly(
        new SocketRow("TCP", 6, "2001:db8::5", 33000, "2606:4700::1111", 443, 1, 1001, 2002));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "truncated line | '   9: 0500000A:A8' | /proc/net/tcp:3: expected at least 10 fields, found 2 in '9: 0500000A:A8'",
    "no port | '   1: 0500000A 0900000A:C350 01 0:0 00:0 0 0 0 12 1' | /proc/net/tcp:3: local address '0500000A' is not HEXADDRESS:HEXPORT",
    "IPv6 in tcp | '   1: 00000000000000000000000001000000:0016 0900000A:C350 01 0:0 00:0 0 0 0 12 1' | /proc/net/tcp:3: local address '00000000000000000000000001000000' has 32 hex digits, expected 8 for IPv4",
    "bad hex | '   1: 0500000A:0016 09Z0000A:C350 01 0:0 00:0 0 0 0 12 1' | /proc/net/tcp:3: remote address '09Z0000A' has a non-hex character 'Z' at 2",
    "bad port | '   1: 0500000A:00G6 0900000A:C350 01 0:0 00:0 0 0 0 12 1' | /proc/net/tcp:3: local port '00G6' is not a hex number",
    "big port | '   1: 0500000A:10016 0900000A:C350 01 0:0 00:0 0 0 0 12 1' | /proc/net/tcp:3: local port '10016' is out of range 0..65535",
    "bad state | '   1: 0500000A:0016 0900000A:C350 XY 0:0 00:0 0 0 0 12 1' | /proc/net/tcp:3: state 'XY' is not a hex number",
    "bad uid | '   1: 0500000A:0016 0900000A:C350 01 0:0 00:0 0 root 0 12 1' | /proc/net/tcp:3: uid 'root' is not a decimal number",
    "negative inode | '   1: 0500000A:0016 0900000A:C350 01 0:0 00:0 0 0 0 -12 1' | /proc/net/tcp:3: inode '-12' is out of range 0..9223372036854775807",
  })
  void skipsAMalformedLineAndSaysWhereAndWhy(String name, String line, String message) {
    ProcNetParser.Parsed parsed = tcp.parse(List.of(HEADER, LISTENER, line, ESTABLISHED));
    assertThat(parsed.problems()).containsExactly(message);
    assertThat(parsed.sockets()).extracting(SocketRow::inode).containsExactly(18362L, 4294967296L);
  }

  @Test
  void aFileWithoutHeaderIsReadFromItsFirstLine() {
    assertThat(tcp.parse(List.of(LISTENER)).sockets()).hasSize(1);
  }

  @Test
  void tellsListenersFromConnections() {
    List<SocketRow> rows = tcp.parse(List.of(LISTENER, ESTABLISHED)).sockets();
    assertThat(rows.get(0).isListening()).isTrue();
    assertThat(rows.get(0).isConnection()).isFalse();
    assertThat(rows.get(1).isListening()).isFalse();
    assertThat(rows.get(1).isConnection()).isTrue();
    assertThat(rows.get(1).stateName()).isEqualTo("ESTABLISHED");
    SocketRow timeWait = new SocketRow("TCP", 4, "10.0.0.5", 43000, "198.51.100.21", 80, 6, 0, 0);
    assertThat(timeWait.isConnection()).isTrue();
    assertThat(timeWait.stateName()).isEqualTo("TIME_WAIT");
    SocketRow synSent = new SocketRow("TCP", 4, "10.0.0.5", 43300, "198.51.100.22", 22, 2, 0, 9);
    assertThat(synSent.isConnection()).isFalse();
    assertThat(new SocketRow("TCP", 4, "0.0.0.0", 1, "0.0.0.0", 0, 99, 0, 9).stateName()).isEqualTo("UNKNOWN(99)");
    SocketRow boundUdp = new SocketRow("UDP", 6, "::", 5683, "::", 0, 7, 0, 9);
    assertThat(boundUdp.isListening()).isTrue();
    assertThat(boundUdp.isConnection()).isFalse();
    SocketRow connectedUdp = new SocketRow("UDP", 4, "10.0.0.5", 55555, "8.8.8.8", 53, 1, 0, 9);
    assertThat(connectedUdp.isListening()).isFalse();
    assertThat(connectedUdp.isConnection()).isTrue();
  }
}
