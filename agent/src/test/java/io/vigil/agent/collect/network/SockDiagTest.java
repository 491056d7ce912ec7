package io.vigil.agent.collect.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sock_diag source against the kernel of this host, checked against the /proc/net tables. */
class SockDiagTest {
  /** What both sources must agree on for a socket. */
  private static String key(SocketRow r) {
    return r.protocol() + " " + r.ipVersion() + " " + r.localAddress() + ":" + r.localPort() + " " + r.remoteAddress() + ":"
        + r.remotePort() + " state " + r.state() + " uid " + r.uid() + " inode " + r.inode();
  }

  private static List<String> ours(List<SocketRow> rows, int port) {
    return rows.stream().filter(r -> r.localPort() == port || r.remotePort() == port).map(SockDiagTest::key).sorted().toList();
  }

  @Test
  void aDumpSeesTheSameSocketsAsTheProcTables() throws Exception {
    try (SockDiag diag = SockDiag.open();
        ServerSocket v4 = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        Socket client = new Socket();
        ServerSocket v6 = new ServerSocket(0, 5, InetAddress.getByName("::1"));
        Socket client6 = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", v4.getLocalPort()));
      client6.connect(new InetSocketAddress("::1", v6.getLocalPort()));
      try (Socket accepted = v4.accept(); Socket accepted6 = v6.accept()) {
        SocketTable table = new SocketTable(CollectorContext.live());
        List<SocketRow> fromDiag = diag.read().sockets();
        List<SocketRow> fromProc = table.read().sockets();
        for (int port : new int[] {v4.getLocalPort(), v6.getLocalPort()}) {
          assertThat(ours(fromDiag, port)).hasSize(3).isEqualTo(ours(fromProc, port));
        }
        // The JDK opens dual-stack sockets, so the IPv4 listener is an IPv6 socket with a mapped address.
        assertThat(ours(fromDiag, v4.getLocalPort())).anyMatch(k -> k.matches("TCP [46] 127\\.0\\.0\\.1:" + v4.getLocalPort() + " (0\\.0\\.0\\.0|::):0 state 10 .*"));
        assertThat(ours(fromDiag, v6.getLocalPort())).anyMatch(k -> k.startsWith("TCP 6 ::1:" + v6.getLocalPort() + " :::0 state 10"));
      }
    }
  }

  @Test
  void theNetworkCollectorUsesItOnTheLiveSystem() throws Exception {
    try (Sockets s = Sockets.of(CollectorContext.live())) {
      assertThat(s).isInstanceOf(SockDiag.class);
    }
  }

  private static ByteBuffer message(int len, int type, int seq, int payloadInt) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(len, 20)).order(ByteOrder.nativeOrder());
    b.putInt(0, len).putShort(4, (short) type).putInt(8, seq).putInt(16, payloadInt);
    return b;
  }

  @Test
  void kernelErrorsAndTruncatedMessagesSayWhat() throws Exception {
    List<SocketRow> rows = new ArrayList<>();
    assertThatThrownBy(() -> SockDiag.parse(message(20, 2, 7, -13), 2, 6, 7, rows))
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("sock_diag dump of family 2 protocol 6 failed: Permission denied (errno 13)");
    ByteBuffer cut = message(88, 20, 7, 0);
    cut.limit(40);
    assertThatThrownBy(() -> SockDiag.parse(cut, 2, 6, 7, rows))
        .hasMessage("sock_diag: a netlink message of 88 bytes at offset 0 does not fit the 40 received");
    assertThat(SockDiag.parse(message(20, 3, 7, 0), 2, 6, 7, rows)).isTrue();
    assertThat(SockDiag.parse(message(20, 3, 6, 0), 2, 6, 7, rows)).as("another dump's DONE").isFalse();
    assertThat(rows).isEmpty();
  }
}
