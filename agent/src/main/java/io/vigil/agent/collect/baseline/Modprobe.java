package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kernel module configuration and state: {@code install} and {@code blacklist} lines of {@code
 * /etc/modprobe.d}, {@code /run/modprobe.d}, {@code /usr/lib/modprobe.d} and {@code /lib/modprobe.d}
 * (a file name in an earlier directory hides the same name in a later one), the modules loaded now
 * (live root), and the modules the installed kernel can load at all.
 *
 * <p>Module names compare with {@code -} and {@code _} as the same character, as modprobe does.
 */
final class Modprobe {
  private static final List<String> DIRS = List.of("/etc/modprobe.d", "/run/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d");

  /** An {@code install MODULE COMMAND} line and where it is. */
  record Install(String command, String where) {}

  private final Map<String, Install> installs = new HashMap<>();
  private final Set<String> blacklisted = new HashSet<>();
  private Set<String> loaded;
  private Set<String> available;
  private String kernel;

  private Modprobe() {}

  static Modprobe read(Host host) throws IOException {
    Modprobe m = new Modprobe();
    Map<String, String> files = new TreeMap<>();
    for (String dir : DIRS) {
      for (String path : host.glob(dir + "/*.conf")) {
        files.putIfAbsent(path.substring(path.lastIndexOf('/') + 1), path);
      }
    }
    for (String file : files.values()) {
      String[] lines = host.read(file).orElse("").split("\n");
      for (int i = 0; i < lines.length; i++) {
        String[] f = lines[i].strip().split("\\s+", 3);
        if (f.length >= 3 && f[0].equals("install")) {
          m.installs.putIfAbsent(norm(f[1]), new Install(f[2].strip(), file + ":" + (i + 1)));
        } else if (f.length >= 2 && f[0].equals("blacklist")) {
          m.blacklisted.add(norm(f[1]));
        }
      }
    }
    if (host.live()) {
      m.loaded = new HashSet<>();
      for (String line : host.read("/proc/modules").orElse("").split("\n")) {
        if (!line.isBlank()) {
          m.loaded.add(norm(line.split("\\s+", 2)[0]));
        }
      }
    }
    m.readAvailable(host);
    return m;
  }

  /** The modules of the kernel in {@code /lib/modules/RELEASE} (the running one on a live root, else the only one). */
  private void readAvailable(Host host) throws IOException {
    String release = host.live() ? host.read("/proc/sys/kernel/osrelease").map(String::strip).orElse(null) : null;
    if (release == null) {
      List<String> dirs = host.glob("/lib/modules/*");
      release = dirs.size() == 1 ? dirs.getFirst().substring("/lib/modules/".length()) : null;
    }
    if (release == null) {
      return;
    }
    Optional<String> dep = host.read("/lib/modules/" + release + "/modules.dep");
    if (dep.isEmpty()) {
      return;
    }
    kernel = release;
    available = new HashSet<>();
    String builtin = host.read("/lib/modules/" + release + "/modules.builtin").orElse("");
    for (String line : (dep.get() + "\n" + builtin).split("\n")) {
      int colon = line.indexOf(':');
      String path = colon < 0 ? line.strip() : line.substring(0, colon);
      int slash = path.lastIndexOf('/');
      int ko = path.indexOf(".ko", slash);
      if (ko > slash + 1) {
        available.add(norm(path.substring(slash + 1, ko)));
      }
    }
  }

  Optional<Install> install(String module) {
    return Optional.ofNullable(installs.get(norm(module)));
  }

  boolean blacklisted(String module) {
    return blacklisted.contains(norm(module));
  }

  /** True if loaded now; empty when that cannot be known (not the live root). */
  Optional<Boolean> loaded(String module) {
    return loaded == null ? Optional.empty() : Optional.of(loaded.contains(norm(module)));
  }

  /** True if the kernel has the module (as a file or built in); empty when its module list is not found. */
  Optional<Boolean> available(String module) {
    return available == null ? Optional.empty() : Optional.of(available.contains(norm(module)));
  }

  /** The kernel release whose module list was read; null when none. */
  String kernel() {
    return kernel;
  }

  private static String norm(String module) {
    return module.replace('-', '_');
  }
}
