package io.vigil.agent.collect.systeminformation;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What /proc and /sys say about the running host: memory, kernel, boot and up time, hardware,
 * network interfaces and CPUs. On a mounted image most of it is absent and simply left out.
 */
final class HostFacts {
  private final RootFiles files;
  private final ByteOrder order;

  /** @param order the byte order of the host that wrote /proc/net/route */
  HostFacts(RootFiles files, ByteOrder order) {
    this.files = files;
    this.order = order;
  }

  /** /proc/meminfo in kB; empty when absent. */
  Map<String, Long> memory(List<String> problems) {
    List<String> lines = files.lines("/proc/meminfo");
    return lines == null ? Map.of() : MemInfo.parse(lines, files.path("/proc/meminfo").toString(), problems);
  }

  /** The ExtraDetails of the snapshot, each when known. */
  Map<String, String> details(List<String> problems) {
    Map<String, String> extra = new LinkedHashMap<>();
    put(extra, "Kernel", kernel());
    put(extra, "KernelVersion", files.text("/proc/sys/kernel/version"));
    put(extra, "BootTime", bootTime(problems));
    put(extra, "Uptime", uptime(problems));
    put(extra, "HardwareVendor", first(files.text("/sys/class/dmi/id/sys_vendor"), deviceTreeVendor()));
    put(extra, "HardwareModel", first(files.text("/sys/class/dmi/id/product_name"), deviceTreeText("/proc/device-tree/model")));
    put(extra, "Nics", nics());
    InterfaceAddresses addresses = new InterfaceAddresses(order, problems);
    addresses.ipv4(files.lines("/proc/net/fib_trie"), files.lines("/proc/net/route"), files.path("/proc/net/route").toString());
    addresses.ipv6(files.lines("/proc/net/if_inet6"), files.path("/proc/net/if_inet6").toString());
    put(extra, "Addresses", addresses.text());
    List<String> cpuinfo = files.lines("/proc/cpuinfo");
    put(extra, "CpuModel", cpuinfo == null ? null : CpuInfo.model(cpuinfo));
    put(extra, "CpuCount", cpuCount(cpuinfo, problems));
    return extra;
  }

  /** The running kernel's release; on an image, the releases that lib/modules holds modules for. */
  private String kernel() {
    String running = files.text("/proc/sys/kernel/osrelease");
    if (running != null) {
      return running;
    }
    TreeSet<String> releases = new TreeSet<>();
    list(files.resolve("/lib/modules")).forEach(p -> releases.add(p.getFileName().toString()));
    return releases.isEmpty() ? null : String.join(",", releases);
  }

  private String bootTime(List<String> problems) {
    List<String> stat = files.lines("/proc/stat");
    if (stat != null) {
      for (String line : stat) {
        if (line.startsWith("btime ")) {
          try {
            return Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip())).toString();
          } catch (NumberFormatException | DateTimeException e) {
            problems.add(files.path("/proc/stat") + ": btime '" + line.substring(6).strip() + "' is not a time in seconds");
          }
        }
      }
    }
    return null;
  }

  /** Whole seconds since boot, the first number of /proc/uptime. */
  private String uptime(List<String> problems) {
    String text = files.text("/proc/uptime");
    if (text == null) {
      return null;
    }
    String seconds = text.split("\\s+")[0];
    int dot = seconds.indexOf('.');
    String whole = dot < 0 ? seconds : seconds.substring(0, dot);
    if (whole.isEmpty() || !whole.chars().allMatch(Character::isDigit)) {
      problems.add(files.path("/proc/uptime") + ": '" + seconds + "' is not a number of seconds");
      return null;
    }
    return whole;
  }

  /** The vendor prefix of the board's first device-tree {@code compatible} string, such as {@code raspberrypi}. */
  private String deviceTreeVendor() {
    String compatible = deviceTreeText("/proc/device-tree/compatible");
    if (compatible == null) {
      return null;
    }
    int comma = compatible.indexOf(',');
    return comma > 0 ? compatible.substring(0, comma) : null;
  }

  /** The first NUL-terminated string of a device-tree property. */
  private String deviceTreeText(String file) {
    byte[] raw = files.head(file, 4096);
    if (raw == null) {
      return null;
    }
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    String text = new String(raw, 0, end, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? null : text;
  }

  /** {@code eth0=aa:bb:cc:dd:ee:ff;wlan0=...}, interfaces without a hardware address left out. */
  private String nics() {
    List<String> nics = new ArrayList<>();
    for (Path dir : list(files.resolve("/sys/class/net"))) {
      String name = dir.getFileName().toString();
      String mac = files.text("/sys/class/net/" + name + "/address");
      if (mac != null && !mac.replace(":", "").chars().allMatch(c -> c == '0')) {
        nics.add(name + "=" + mac);
      }
    }
    return nics.isEmpty() ? null : String.join(";", nics);
  }

  private String cpuCount(List<String> cpuinfo, List<String> problems) {
    String online = files.text("/sys/devices/system/cpu/online");
    if (online != null) {
      try {
        return Integer.toString(CpuInfo.count(online, files.path("/sys/devices/system/cpu/online").toString()));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    int processors = cpuinfo == null ? 0 : CpuInfo.processors(cpuinfo);
    return processors == 0 ? null : Integer.toString(processors);
  }

  /** The entries of a directory in name order; none when it is missing or unreadable. */
  private static List<Path> list(Path dir) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException | DirectoryIteratorException e) {
      return List.of(); // no such directory on this root (an image has no /sys): nothing to list
    }
    entries.sort(null);
    return entries;
  }

  private static void put(Map<String, String> extra, String key, String value) {
    if (value != null) {
      extra.put(key, value);
    }
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
