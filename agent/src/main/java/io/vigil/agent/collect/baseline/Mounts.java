package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file systems mounted (on the live system: {@code /proc/mounts}) or to be mounted (on an image:
 * {@code /etc/fstab}, then systemd {@code .mount} units under {@code /etc/systemd/system}).
 */
final class Mounts {
  static final String FSTAB = "/etc/fstab";
  static final String PROC_MOUNTS = "/proc/mounts";

  /**
   * One mount point.
   *
   * @param where where it was found: {@code /etc/fstab:7}, {@code /proc/mounts}, or a unit file
   */
  record Mount(String point, String type, List<String> options, String where) {}

  private final Map<String, Mount> byPoint;
  private final String source;

  private Mounts(Map<String, Mount> byPoint, String source) {
    this.byPoint = byPoint;
    this.source = source;
  }

  static Mounts read(Host host) throws IOException {
    Map<String, Mount> mounts = new LinkedHashMap<>();
    if (host.live() && host.read(PROC_MOUNTS).isPresent()) {
      table(host.read(PROC_MOUNTS).orElseThrow(), PROC_MOUNTS, false, mounts);
      return new Mounts(mounts, PROC_MOUNTS);
    }
    host.read(FSTAB).ifPresent(text -> table(text, FSTAB, true, mounts));
    return new Mounts(mounts, FSTAB);
  }

  /** Reads fstab-format lines; a later line for the same point wins, as a later mount covers an earlier one. */
  private static void table(String text, String file, boolean numbered, Map<String, Mount> mounts) {
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 4) {
        continue; // not a mount line; fstab(5) needs spec, file, vfstype and mntops
      }
      String point = unescape(f[1]);
      String where = numbered ? file + ":" + (i + 1) : file;
      mounts.put(point, new Mount(point, f[2], List.of(f[3].split(",")), where));
    }
  }

  /** The mount at {@code point}, from the table or, on an image, from a systemd mount unit. */
  Optional<Mount> at(Host host, String point) throws IOException {
    Mount m = byPoint.get(point);
    if (m != null || host.live()) {
      return Optional.ofNullable(m);
    }
    return unit(host, point);
  }

  /** Where the mounts were read from, for messages. */
  String source() {
    return source;
  }

  /** A mount unit such as {@code /etc/systemd/system/var-tmp.mount}, unless it is masked. */
  private static Optional<Mount> unit(Host host, String point) throws IOException {
    String name = point.equals("/") ? "-" : point.substring(1).replace("-", "\\x2d").replace('/', '-');
    String file = "/etc/systemd/system/" + name + ".mount";
    if (Files.isSymbolicLink(host.path(file)) && Files.readSymbolicLink(host.path(file)).toString().equals("/dev/null")) {
      return Optional.empty();
    }
    Optional<String> text = host.read(file);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String type = "";
    List<String> options = List.of();
    for (String line : text.get().split("\n")) {
      String l = line.strip();
      if (l.startsWith("Type=")) {
        type = l.substring(5).strip();
      } else if (l.startsWith("Options=")) {
        options = List.of(l.substring(8).strip().split(","));
      }
    }
    return Optional.of(new Mount(point, type, options, file));
  }

  /** fstab and /proc/mounts write a space in a path as {@code \040}. */
  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t");
  }
}
