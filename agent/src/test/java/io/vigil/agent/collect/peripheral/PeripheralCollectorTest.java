package io.vigil.agent.collect.peripheral;

import io.vigil.agent.collect.TestTrees;
import static io.vigil.model.event.Peripheral.DeviceClass.NETWORK;
import static io.vigil.model.event.Peripheral.DeviceClass.USB;
import static io.vigil.model.event.Peripheral.Operation.CONNECTED;
import static io.vigil.model.event.Peripheral.Operation.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Peripheral;
import io.vigil.model.event.Peripheral.Change;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture tree: root/ is the first poll's state; next/ and links.txt change it for the second. */
class PeripheralCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path root;

  private CollectorContext context() {
    return new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
  }

  private void overlay(String name) throws Exception {
    TestTrees.copy(TestTrees.resource(getClass(), name), root);
  }

  private void next() throws Exception {
    delete(root.resolve("sys/bus/usb/devices/1-1.2"));
    overlay("next");
    for (String line : Files.readAllLines(Path.of(getClass().getResource("links.txt").toURI()))) {
      if (!line.startsWith("#")) {
        Files.createSymbolicLink(root.resolve(line.substring(0, line.indexOf(' '))), Path.of(line.substring(line.indexOf(' ') + 1)));
      }
    }
  }

  private static void delete(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  @Test
  void readsEveryDeviceOfTheBaseline() throws Exception {
    overlay("root");
    assertThat(new SysfsDevices(context()).read().values()).containsExactly(
        new Device("net:eth0", NETWORK, "eth0", "8086", "15bc", null,
            Map.of("Mac", "dc:a6:32:01:02:03", "OperState", "up", "Virtual", "false"), true),
        new Device("net:lo", NETWORK, "lo", null, null, null,
            Map.of("Mac", "00:00:00:00:00:00", "OperState", "unknown", "Virtual", "true"), true),
        new Device("net:tun0", NETWORK, "tun0", null, null, null, Map.of("OperState", "unknown", "Virtual", "true"), true),
        new Device("net:wlan0", NETWORK, "wlan0", null, null, null,
            Map.of("Mac", "dc:a6:32:01:02:04", "OperState", "dormant", "Virtual", "false"), false),
        new Device("usb:1-1.2|0781:5583|4C530001231218115390", USB, "Ultra Fit", "0781", "5583", "4C530001231218115390",
            Map.of("BusPort", "1-1.2", "Manufacturer", "SanDisk", "DeviceClass", "00", "Speed", "480"), true),
        new Device("usb:1-1|2109:3431|", USB, "USB2.0 Hub", "2109", "3431", null,
            Map.of("BusPort", "1-1", "DeviceClass", "09", "Speed", "480"), true),
        new Device("usb:usb1|1d6b:0002|0000:01:00.0", USB, "xHCI Host Controller", "1d6b", "0002", "0000:01:00.0",
            Map.of("BusPort", "usb1", "Manufacturer", "Linux 6.1.0-rpi7-rpi-v8 xhci-hcd", "DeviceClass", "09", "Speed", "480"), true));
  }

  @Test
  void reportsDevicesThatCameAndWentAndLinksThatWentUpOrDown() throws Exception {
    overlay("root");
    PeripheralCollector collector = new PeripheralCollector(context());
    assertThat(collector.name()).isEqualTo("peripheral");
    assertThat(collector.collect()).as("the first call learns what is there").isEmpty();

    next();
    List<SecurityEvent> events = collector.collect();
    assertThat(events).singleElement().isInstanceOfSatisfying(Peripheral.class, p -> {
      assertThat(p.header().timestampUtc()).isEqualTo(NOW);
      assertThat(p.payload()).containsExactly(
          new Change(DISCONNECTED, NETWORK, "eth0", "8086", "15bc", null,
              Map.of("Mac", "dc:a6:32:01:02:03", "OperState", "down", "Virtual", "false", "Change", "LinkDown")),
          new Change(CONNECTED, NETWORK, "eth1", "0b95", "1790", null,
              Map.of("Mac", "00:24:9b:1c:0e:1a", "OperState", "down", "Virtual", "false", "Change", "Appeared")),
          new Change(DISCONNECTED, USB, "Ultra Fit", "0781", "5583", "4C530001231218115390",
              Map.of("BusPort", "1-1.2", "Manufacturer", "SanDisk", "DeviceClass", "00", "Speed", "480", "Change", "Disappeared")),
          new Change(CONNECTED, USB, "AX88179", "0b95", "1790", "0000249B1C0E1A",
              Map.of("BusPort", "1-1.3", "Manufacturer", "ASIX Elec. Corp.", "DeviceClass", "ff", "Speed", "5000", "Change", "Appeared")));
    });
    byte[] json = new SecurityMessageCodec().encode(SecurityMessage.of("0.1.0", "6a1c7f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f", events));
    assertThat(new SecurityMessageCodec().decode(json).events()).isEqualTo(events);
    assertThat(collector.collect()).as("nothing changed").isEmpty();

    Files.writeString(root.resolve("sys/class/net/eth0/operstate"), "up\n");
    Files.writeString(root.resolve("sys/class/net/eth1/operstate"), "up\n");
    Files.writeString(root.resolve("sys/class/net/wlan0/operstate"), "lowerlayerdown\n");
    assertThat(collector.collect()).singleElement().isInstanceOfSatisfying(Peripheral.class, p -> assertThat(p.payload())
        .extracting(Change::operation, Change::name, c -> c.extraDetails().get("Change"))
        .containsExactly(
            tuple(CONNECTED, "eth0", "LinkUp"),
            tuple(CONNECTED, "eth1", "LinkUp")));
  }

  @Test
  void anotherDeviceOnTheSamePortIsADisconnectAndAConnect() throws Exception {
    overlay("root");
    PeripheralCollector collector = new PeripheralCollector(context());
    collector.collect();
    Files.writeString(root.resolve("sys/bus/usb/devices/1-1.2/serial"), "AA00000000001\n");
    assertThat(collector.collect()).singleElement().isInstanceOfSatisfying(Peripheral.class, p -> assertThat(p.payload())
        .extracting(Change::operation, Change::serial)
        .containsExactly(
            tuple(DISCONNECTED, "4C530001231218115390"),
            tuple(CONNECTED, "AA00000000001")));
  }

  @Test
  void aMountedImageHasNoPeripherals() {
    assertThatThrownBy(new PeripheralCollector(context())::collect).isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no " + root.resolve("sys/class/net") + " or " + root.resolve("sys/bus/usb/devices")
            + ": peripheral data exists only on a running system");
  }
}
