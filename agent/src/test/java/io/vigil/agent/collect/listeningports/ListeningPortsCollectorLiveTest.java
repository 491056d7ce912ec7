package io.vigil.agent.collect.listeningports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.ListeningPorts;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against this host: listeners this JVM opens on loopback are reported with this JVM as owner. */
class ListeningPortsCollectorLiveTest {
  @Test
  void reportsThisJvmsListeners() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    String uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
    Map<String, String> owner = Map.of(
        "ProcessId", Long.toString(self.pid()),
        "Executable", self.info().command().orElseThrow(),
        "CommandLine", String.join(" ", Files.readString(Path.of("/proc/self/cmdline")).split("\0")),
        "UserId", uid);
    try (ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
      ListeningPorts ports = (ListeningPorts) new ListeningPortsCollector(CollectorContext.live()).collect().getLast();
      assertThat(ports.payload())
          .contains(new ListeningPorts.Port("0.0.0.0", "*", "127.0.0.1", Integer.toString(tcp.getLocalPort()), "TCP", owner))
          .contains(new ListeningPorts.Port("::", "*", "::1", Integer.toString(udp.getLocalPort()), "UDP", owner));
    }
  }
}
