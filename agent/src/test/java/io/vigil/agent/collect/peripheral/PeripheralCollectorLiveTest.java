package io.vigil.agent.collect.peripheral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.Peripheral;
import io.vigil.model.event.SecurityEvent;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Against this host's /sys. */
class PeripheralCollectorLiveTest {
  @Test
  void theBaselineHasTheHostsInterfacesWithTheirMacs() throws Exception {
    Map<String, Device> devices = new SysfsDevices(CollectorContext.live()).read();
    assertThat(devices.get("net:lo")).isEqualTo(new Device("net:lo", Peripheral.DeviceClass.NETWORK, "lo", null, null, null,
        Map.of("Mac", "00:00:00:00:00:00", "OperState", "unknown", "Virtual", "true"), true));
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      byte[] mac = nic.getHardwareAddress();
      if (mac != null && mac.length == 6) {
        assertThat(devices.get("net:" + nic.getName()).details())
            .as(nic.getName()).containsEntry("Mac", HexFormat.ofDelimiter(":").formatHex(mac));
      }
    }
  }

  /**
   * Creates a veth pair whose one end lives in the host's namespace and the other in a namespace of
   * its own: the host end appears, its link comes up when the peer is up, goes down when the peer
   * goes down (a pulled cable), and disappears. No traffic leaves the pair: the host end gets no
   * address (addrgenmode none).
   */
  @Test
  void seesAVethInterfaceComeGoUpGoDownAndGo() throws Exception {
    String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    String ns = "vigil-test-" + id;
    String host = "vgt" + id;
    assumeThat(run("ip", "netns", "add", ns)).as("ip netns add (needs root and iproute2)").isZero();
    try {
      PeripheralCollector collector = new PeripheralCollector(CollectorContext.live());
      assertThat(collector.collect()).isEmpty();

      assertThat(run("ip", "link", "add", host, "type", "veth", "peer", "name", "vgp" + id, "netns", ns)).isZero();
      assertThat(run("ip", "link", "set", host, "addrgenmode", "none")).isZero();
      String link = output("ip", "-o", "link", "show", host);
      String mac = link.substring(link.indexOf("link/ether ") + 11).split(" ")[0];
      Peripheral.Change appeared = awaitChange(collector, host, "Appeared");
      assertThat(appeared.operation()).isEqualTo(Peripheral.Operation.CONNECTED);
      assertThat(appeared.deviceClass()).isEqualTo(Peripheral.DeviceClass.NETWORK);
      assertThat(appeared.extraDetails()).containsEntry("Mac", mac).containsEntry("OperState", "down").containsEntry("Virtual", "true");

      assertThat(run("ip", "-n", ns, "link", "set", "vgp" + id, "up")).isZero();
      assertThat(run("ip", "link", "set", host, "up")).isZero();
      Peripheral.Change up = awaitChange(collector, host, "LinkUp");
      assertThat(up.operation()).isEqualTo(Peripheral.Operation.CONNECTED);
      assertThat(up.extraDetails()).containsEntry("OperState", "up");

      assertThat(run("ip", "-n", ns, "link", "set", "vgp" + id, "down")).isZero();
      Peripheral.Change down = awaitChange(collector, host, "LinkDown");
      assertThat(down.operation()).isEqualTo(Peripheral.Operation.DISCONNECTED);
      assertThat(down.extraDetails().get("OperState")).isIn("down", "lowerlayerdown");

      assertThat(run("ip", "link", "del", host)).isZero();
      Peripheral.Change gone = awaitChange(collector, host, "Disappeared");
      assertThat(gone.operation()).isEqualTo(Peripheral.Operation.DISCONNECTED);
      assertThat(gone.extraDetails()).containsEntry("Mac", mac);
    } finally {
      run("ip", "link", "del", host); // gone already unless the test failed midway
      run("ip", "netns", "del", ns);
    }
  }

  private static Peripheral.Change awaitChange(PeripheralCollector collector, String name, String change) throws Exception {
    Predicate<Peripheral.Change> wanted = c -> c.name().equals(name) && change.equals(c.extraDetails().get("Change"));
    List<Peripheral.Change> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (seen.stream().noneMatch(wanted) && Instant.now().isBefore(deadline)) {
      for (SecurityEvent e : collector.collect()) {
        seen.addAll(((Peripheral) e).payload());
      }
      Thread.sleep(50);
    }
    assertThat(seen).as("changes of " + name).filteredOn(c -> c.name().equals(name)).anyMatch(wanted);
    return seen.stream().filter(wanted).findFirst().orElseThrow();
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  private static String output(String... command) throws Exception {
    Process p = new ProcessBuilder(command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return out;
  }
}
