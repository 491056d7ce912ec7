package io.vigil.agent.collect.peripheral;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.Peripheral.DeviceClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the USB devices of /sys/bus/usb/devices and the network interfaces of /sys/class/net under
 * a collector's root.
 *
 * <p>Devices come and go while they are read: an attribute that vanishes midway reads as unknown,
 * never as an error. /sys/class/net shows the network namespace of the reading process.
 */
final class SysfsDevices {
  /** Operational states (RFC 2863, as /sys/class/net/X/operstate says) in which a link carries traffic. */
  private static final Set<String> LINKED = Set.of("up", "unknown");

  private final Path usb;
  private final Path net;

  SysfsDevices(CollectorContext ctx) {
    this.usb = ctx.path("/sys/bus/usb/devices");
    this.net = ctx.path("/sys/class/net");
  }

  /** True if at least one of the two directories exists. */
  boolean available() {
    return Files.isDirectory(usb) || Files.isDirectory(net);
  }

  /** A description of the two sources, for messages. */
  String sources() {
    return net + " or " + usb;
  }

  /**
   * Every device now, by key, in key order.
   *
   * @throws UncheckedIOException if a directory that exists cannot be listed
   */
  Map<String, Device> read() {
    Map<String, Device> devices = new TreeMap<>();
    for (Path dir : list(usb)) {
      String vendor = attribute(dir, "idVendor");
      if (vendor != null) { // interfaces (1-1:1.0) have no ids of their own
        Device d = usbDevice(dir, vendor);
        devices.put(d.key(), d);
      }
    }
    for (Path dir : list(net)) {
      if (Files.isDirectory(dir)) { // not bonding_masters, a file
        Device d = networkInterface(dir);
        devices.put(d.key(), d);
      }
    }
    return devices;
  }

  private static Device usbDevice(Path dir, String vendor) {
    String busPort = dir.getFileName().toString();
    String product = attribute(dir, "idProduct");
    String serial = attribute(dir, "serial");
    String manufacturer = attribute(dir, "manufacturer");
    String productName = attribute(dir, "product");
    String name = productName != null ? productName
        : manufacturer != null ? manufacturer : "USB device " + vendor + ":" + product;
    Map<String, String> details = new LinkedHashMap<>();
    details.put("BusPort", busPort);
    putIfKnown(details, "Manufacturer", manufacturer);
    putIfKnown(details, "DeviceClass", attribute(dir, "bDeviceClass"));
    putIfKnown(details, "Speed", attribute(dir, "speed"));
    String key = "usb:" + busPort + "|" + vendor + ":" + product + "|" + (serial == null ? "" : serial);
    return new Device(key, DeviceClass.USB, name, vendor, product, serial, details, true);
  }

  private static Device networkInterface(Path dir) {
    String name = dir.getFileName().toString();
    String operState = attribute(dir, "operstate");
    Path device = dir.resolve("device");
    String vendor = hexId(attribute(device, "vendor"));
    String product = hexId(attribute(device, "device"));
    if (vendor == null) { // a USB adapter: its device link names the USB interface, whose parent has the ids
      vendor = attribute(device.resolve(".."), "idVendor");
      product = attribute(device.resolve(".."), "idProduct");
    }
    Map<String, String> details = new LinkedHashMap<>();
    putIfKnown(details, "Mac", attribute(dir, "address"));
    putIfKnown(details, "OperState", operState);
    details.put("Virtual", Boolean.toString(!Files.exists(device)));
    return new Device("net:" + name, DeviceClass.NETWORK, name, vendor, product, null, details, LINKED.contains(operState));
  }

  /** {@code 0x8086} as PCI and virtio write ids, without the prefix. */
  private static String hexId(String id) {
    return id != null && id.startsWith("0x") ? id.substring(2) : id;
  }

  private static void putIfKnown(Map<String, String> details, String key, String value) {
    if (value != null) {
      details.put(key, value);
    }
  }

  private static Iterable<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    Map<String, Path> sorted = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(p -> sorted.put(p.getFileName().toString(), p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    } catch (DirectoryIteratorException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getCause().getMessage(), e.getCause());
    }
    return sorted.values();
  }

  /** The trimmed text of {@code dir/name}; null when missing, unreadable or empty. */
  private static String attribute(Path dir, String name) {
    try {
      String text = Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException e) {
      return null; // absent for this kind of device, or unplugged while we read: unknown
    }
  }
}
