package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The packages dpkg has installed, from {@code /var/lib/dpkg/status}.
 *
 * <p>A package counts as installed unless its status is {@code not-installed} or {@code
 * config-files}: a half-configured package has its files on disk all the same.
 */
final class Dpkg {
  static final String STATUS = "/var/lib/dpkg/status";

  private final boolean present;
  private final Set<String> installed;

  private Dpkg(boolean present, Set<String> installed) {
    this.present = present;
    this.installed = installed;
  }

  static Dpkg read(Host host) throws IOException {
    Optional<String> text = host.read(STATUS);
    if (text.isEmpty()) {
      return new Dpkg(false, Set.of());
    }
    Set<String> installed = new HashSet<>();
    String name = null;
    String status = null;
    for (String line : (text.get() + "\n\n").split("\n", -1)) { // -1 keeps the closing blank line
      if (line.isBlank()) {
        if (name != null && status != null && !status.endsWith(" not-installed") && !status.endsWith(" config-files")) {
          installed.add(name);
        }
        name = null;
        status = null;
      } else if (line.startsWith("Package:")) {
        name = line.substring(8).strip();
      } else if (line.startsWith("Status:")) {
        status = line.substring(7).strip();
      }
    }
    return new Dpkg(true, installed);
  }

  /** True if there is a dpkg status database: a Debian-family system. */
  boolean present() {
    return present;
  }

  boolean installed(String name) {
    return installed.contains(name);
  }
}
