package io.vigil.agent.collect.systeminformation;

import io.vigil.agent.collect.TestTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.model.event.SystemInformation;
import io.vigil.model.event.SystemInformation.Info;
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

/** Two fixture trees: live/ is a running x86 gateway, image/ a mounted big-endian MIPS OpenWrt image. */
class SystemInformationCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path root;

  private SystemInformationCollector fixture(String name) throws Exception {
    TestTrees.copy(TestTrees.resource(getClass(), name), root);
    for (String line : Files.readAllLines(Path.of(getClass().getResource("links.txt").toURI()))) {
      if (line.startsWith(name + "/")) {
        String path = line.substring(name.length() + 1, line.indexOf(' '));
        Files.createSymbolicLink(root.resolve(path), Path.of(line.substring(line.indexOf(' ') + 1)));
      }
    }
    return new SystemInformationCollector(new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC),
        ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void readsEveryFieldOfARunningSystem() throws Exception {
    SystemInformationCollector collector = fixture("live");
    assertThat(collector.name()).isEqualTo("system_information");
    List<SecurityEvent> events = collector.collect();
    assertThat(events).singleElement().isInstanceOfSatisfying(SystemInformation.class, s -> {
      assertThat(s.header().timestampUtc()).isEqualTo(NOW);
      assertThat(s.payload()).containsExactly(new Info(
          "Debian GNU/Linux", "12", "debian", "x86_64", "gateway-07", "5.16", "/dev/nvme0n1p2",
          4026532L, 2871220L, 1048572L, 1047036L,
          Map.ofEntries(
              Map.entry("Kernel", "6.1.0-18-amd64"),
              Map.entry("KernelVersion", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"),
              Map.entry("BootTime", "2024-03-01T08:00:00Z"),
              Map.entry("Uptime", "86461"),
              Map.entry("HardwareVendor", "Protectli"),
              Map.entry("HardwareModel", "VP2410"),
              Map.entry("Nics", "eth0=dc:a6:32:01:02:03;wlan0=dc:a6:32:01:02:04"),
              // 203.0.113.9 has no on-link route and cannot be placed; loopback is left out
              Map.entry("Addresses", "eth0=192.168.10.7/24,fe80::dea6:32ff:fe01:203/64,2001:db8:a::7/64;wg0=10.8.0.2/16,fd00::8:2/112"),
              Map.entry("CpuModel", "Intel(R) Celeron(R) J4125 CPU @ 2.00GHz"),
              Map.entry("CpuCount", "3"))));
    });
    byte[] json = new SecurityMessageCodec().encode(SecurityMessage.of("0.1.0", "6a1c7f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f", events));
    assertThat(new SecurityMessageCodec().decode(json).events()).isEqualTo(events);
  }

  @Test
  void readsAMountedForeignImageWithoutItsRunTimeFields() throws Exception {
    assertThat(fixture("image").collect()).singleElement().isInstanceOfSatisfying(SystemInformation.class, s ->
        assertThat(s.payload()).containsExactly(new Info(
            "OpenWrt", "21.02.1", "OpenWrt", "mips", "ap-lobby", null, "/dev/mtdblock3", null, null, null, null,
            Map.of("Kernel", "5.4.154"))));
  }

  @Test
  void reportsMalformedInputOnceAndKeepsTheRest() throws Exception {
    SystemInformationCollector collector = fixture("live");
    Files.writeString(root.resolve("proc/meminfo"), "MemTotal:        4026532 kB\nMemFree: lots kB\nbroken line\n");
    Files.writeString(root.resolve("etc/os-release"), "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\nthis is not an assignment\n");
    Files.delete(root.resolve("bin/sh"));
    Files.writeString(root.resolve("bin/sh"), "#!/bin/busybox sh\n");
    Files.createDirectories(root.resolve("usr/bin"));
    Files.write(root.resolve("usr/bin/env"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1});
    Files.writeString(root.resolve("sys/devices/system/cpu/online"), "0-x\n");
    Files.writeString(root.resolve("proc/stat"), "cpu  1 2 3\nbtime 99999999999999999\n");
    Files.writeString(root.resolve("proc/uptime"), "up 170324.15\n");

    List<SecurityEvent> events = collector.collect();
    assertThat(events).hasSize(2);
    assertThat(((Diagnostic) events.get(0)).payload()).extracting(Diagnostic.Entry::message).containsExactly(
        "system_information: " + root.resolve("etc/os-release") + ":2: unterminated quote in 'VERSION_ID=\"12'",
        "system_information: " + root.resolve("etc/os-release") + ":3: expected KEY=value, found 'this is not an assignment'",
        "system_information: " + root.resolve("proc/meminfo") + ":2: 'lots' is not a number in 'MemFree: lots kB'",
        "system_information: " + root.resolve("proc/meminfo") + ":3: expected 'Name: number [kB]', found 'broken line'",
        "system_information: " + root.resolve("proc/stat") + ": btime '99999999999999999' is not a time in seconds",
        "system_information: " + root.resolve("proc/uptime") + ": 'up' is not a number of seconds",
        "system_information: " + root.resolve("sys/devices/system/cpu/online") + ": bad CPU list '0-x' at '0-x'",
        "system_information: " + root.resolve("bin/sh") + ": not an ELF file (starts with 23 21 2f 62)",
        "system_information: " + root.resolve("usr/bin/env") + ": truncated ELF header: 6 bytes, need 20");
    Info info = ((SystemInformation) events.get(1)).payload().getFirst();
    assertThat(info.osName()).isEqualTo("Debian GNU/Linux");
    assertThat(info.osVersion()).isNull();
    assertThat(info.osArchitecture()).isNull();
    assertThat(info.totalPhysicalMemoryKb()).isEqualTo(4026532L);
    assertThat(info.freePhysicalMemoryKb()).isNull();
    assertThat(info.extraDetails()).containsEntry("CpuCount", "4") // counted from /proc/cpuinfo instead
        .doesNotContainKeys("BootTime", "Uptime");

    assertThat(collector.collect()).as("reported once").singleElement().isInstanceOf(SystemInformation.class);
  }

  @Test
  void anEmptyRootHasNothingToRead() {
    SystemInformationCollector collector = new SystemInformationCollector(
        new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC));
    assertThatThrownBy(collector::collect).isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("nothing to read under " + root + ": no etc/os-release, bin/sh, etc/hostname, proc/meminfo or sys/class/dmi");
  }
}
