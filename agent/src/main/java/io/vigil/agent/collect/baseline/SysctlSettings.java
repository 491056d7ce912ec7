package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kernel parameters configured to be set at boot, and (on the live system) their values now.
 *
 * <p>Configuration follows systemd-sysctl: {@code *.conf} files of {@code /etc/sysctl.d}, {@code
 * /run/sysctl.d}, {@code /usr/local/lib/sysctl.d}, {@code /usr/lib/sysctl.d} and {@code
 * /lib/sysctl.d} (a file name in an earlier directory hides the same name in a later one) are read
 * in file-name order, then {@code /etc/sysctl.conf}; the last assignment of a key wins. Keys may be
 * written with dots or slashes.
 */
final class SysctlSettings {
  static final String SYSCTL_CONF = "/etc/sysctl.conf";
  private static final List<String> DIRS =
      List.of("/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d");

  /** A configured value and where: {@code /etc/sysctl.d/60-net.conf:3}. */
  record Setting(String value, String where) {}

  private final Map<String, Setting> settings;
  private final Host host;

  private SysctlSettings(Host host, Map<String, Setting> settings) {
    this.host = host;
    this.settings = settings;
  }

  static SysctlSettings read(Host host) throws IOException {
    Map<String, String> files = new TreeMap<>(); // file name -> path; sorted by name
    for (String dir : DIRS) {
      for (String path : host.glob(dir + "/*.conf")) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean isSysctlConfLink = Files.isSymbolicLink(host.path(path))
            && Files.readSymbolicLink(host.path(path)).toString().endsWith("sysctl.conf");
        if (!isSysctlConfLink) {
          files.putIfAbsent(name, path);
        }
      }
    }
    List<String> order = new ArrayList<>(files.values());
    order.add(SYSCTL_CONF);
    Map<String, Setting> settings = new LinkedHashMap<>();
    for (String file : order) {
      Optional<String> text = host.read(file);
      if (text.isEmpty()) {
        continue;
      }
      String[] lines = text.get().split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        int eq = line.indexOf('=');
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || eq < 0) {
          continue;
        }
        String key = normalize(line.substring(0, eq).strip().replaceFirst("^-", ""));
        settings.remove(key); // keep the map in order of the last assignment
        settings.put(key, new Setting(line.substring(eq + 1).strip().replaceAll("\\s+", " "), file + ":" + (i + 1)));
      }
    }
    return new SysctlSettings(host, settings);
  }

  /** The value configured for {@code key}, from an exact or a glob ({@code net.ipv4.conf.*.rp_filter}) assignment. */
  Optional<Setting> configured(String key) {
    String k = normalize(key);
    Setting found = null;
    for (Map.Entry<String, Setting> e : settings.entrySet()) {
      // The map is in assignment order, so the last matching assignment is the one in force.
      if (e.getKey().equals(k) || (e.getKey().contains("*") && k.matches(e.getKey().replace(".", "\\.").replace("*", "[^.]+")))) {
        found = e.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The value in force now, from {@code /proc/sys}; empty if the kernel has no such parameter. Live root only. */
  Optional<String> runtime(String key) throws IOException {
    return host.read(procPath(key)).map(v -> v.strip().replaceAll("\\s+", " "));
  }

  static String procPath(String key) {
    return "/proc/sys/" + normalize(key).replace('.', '/');
  }

  private static String normalize(String key) {
    return key.contains("/") ? key.replace('/', '.') : key;
  }
}
