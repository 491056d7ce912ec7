package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SystemInformation;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Against this host, each field checked with another tool or API than the collector's own reading. */
class SystemInformationCollectorLiveTest {
  @Test
  void describesThisHost() throws Exception {
    List<SecurityEvent> events = new SystemInformationCollector(CollectorContext.live()).collect();
    SystemInformation.Info info = ((SystemInformation) events.getLast()).payload().getFirst();

    assertThat(info.osName()).isEqualTo(sh(". /etc/os-release; echo \"$NAME\""));
    assertThat(info.osVersion()).isEqualTo(sh(". /etc/os-release; echo \"$VERSION_ID\""));
    assertThat(info.osVendor()).isEqualTo(sh(". /etc/os-release; echo \"${VENDOR_NAME:-$ID}\""));
    assertThat(info.osArchitecture()).isEqualTo(sh("uname -m"));
    assertThat(info.hostName()).isEqualTo(sh("hostname"));
    assertThat(info.bootDevice()).isEqualTo(sh("findmnt -n -o SOURCE /"));
    assertThat(info.totalPhysicalMemoryKb()).isEqualTo(Long.parseLong(sh("free -k | awk '/^Mem:/ {print $2}'")));
    assertThat(info.totalVirtualMemoryKb()).isEqualTo(Long.parseLong(sh("free -k | awk '/^Swap:/ {print $2}'")));
    assertThat(info.freePhysicalMemoryKb()).isPositive().isLessThanOrEqualTo(info.totalPhysicalMemoryKb());

    Map<String, String> extra = info.extraDetails();
    assertThat(extra.get("Kernel")).isEqualTo(sh("uname -r"));
    assertThat(extra.get("KernelVersion")).isEqualTo(sh("uname -v"));
    assertThat(extra.get("CpuCount")).isEqualTo(sh("getconf _NPROCESSORS_ONLN"));
    assertThat(extra.get("CpuModel")).isEqualTo(sh("lscpu | sed -n 's/^Model name: *//p' | head -1"));
    long uptime = Long.parseLong(extra.get("Uptime"));
    Instant bootTime = Instant.parse(extra.get("BootTime"));
    assertThat(bootTime.plusSeconds(uptime).getEpochSecond()).isCloseTo(Instant.now().getEpochSecond(), within(5L));

    Map<String, Set<InetAddress>> addresses = parseAddresses(extra.getOrDefault("Addresses", ""));
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      byte[] mac = nic.getHardwareAddress();
      if (mac != null && mac.length == 6 && !Arrays.equals(mac, new byte[6])) {
        assertThat(extra.get("Nics")).contains(nic.getName() + "=" + HexFormat.ofDelimiter(":").formatHex(mac));
      }
      for (InterfaceAddress a : nic.getInterfaceAddresses()) {
        if (!a.getAddress().isLoopbackAddress()) {
          InetAddress plain = InetAddress.getByAddress(a.getAddress().getAddress()); // without the %scope
          assertThat(addresses.get(nic.getName() + "/" + a.getNetworkPrefixLength())).as(nic.getName()).contains(plain);
        }
      }
    }
  }

  /** {@code eth0=a/n,b/m;...} as {@code eth0/n -> {a}}, addresses parsed back, so that text forms do not matter. */
  private static Map<String, Set<InetAddress>> parseAddresses(String text) throws Exception {
    Map<String, Set<InetAddress>> byInterfaceAndPrefix = new HashMap<>();
    for (String part : text.split(";")) {
      if (part.isEmpty()) {
        continue;
      }
      String iface = part.substring(0, part.indexOf('='));
      for (String cidr : part.substring(part.indexOf('=') + 1).split(",")) {
        String[] a = cidr.split("/");
        byInterfaceAndPrefix.computeIfAbsent(iface + "/" + a[1], k -> new HashSet<>()).add(InetAddress.getByName(a[0]));
      }
    }
    return byInterfaceAndPrefix;
  }

  private static String sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(script).isZero();
    return out;
  }
}
