package io.vigil.agent.collect.systeminformation;

import java.util.List;

/**
 * Finds the device the root file system came from.
 *
 * <p>In order: the source of {@code /} in /proc/mounts when it names a real device; the kernel's
 * {@code root=} argument (embedded kernels mount it as the placeholder {@code /dev/root}); any
 * other source of {@code /} ({@code overlay} in a container); and, on a mounted image with no
 * /proc, the {@code /} entry of etc/fstab.
 */
final class BootDevice {
  private BootDevice() {}

  /**
   * @param mounts the lines of /proc/mounts, or null
   * @param cmdline the text of /proc/cmdline, or null
   * @param fstab the lines of etc/fstab, or null
   * @return the device, or null when none of them says
   */
  static String find(List<String> mounts, String cmdline, List<String> fstab) {
    String mounted = rootEntry(mounts, true);
    if (mounted != null && mounted.startsWith("/dev/") && !mounted.equals("/dev/root")) {
      return mounted;
    }
    String argument = null;
    if (cmdline != null) {
      for (String word : cmdline.strip().split("\\s+")) {
        if (word.startsWith("root=") && word.length() > 5) {
          argument = word.substring(5);
        }
      }
    }
    if (argument != null) {
      return argument;
    }
    return mounted != null ? mounted : rootEntry(fstab, false);
  }

  /** The source of the last entry for {@code /} ({@code rootfs}, the initramfs, excepted). */
  private static String rootEntry(List<String> table, boolean last) {
    if (table == null) {
      return null;
    }
    String source = null;
    for (String line : table) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 2 && !f[0].startsWith("#") && unescape(f[1]).equals("/") && !f[0].equals("rootfs")) {
        source = unescape(f[0]);
        if (!last) {
          return source;
        }
      }
    }
    return source;
  }

  /** Undoes the octal escapes (such as {@code \040} for a space) of mount tables. */
  private static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder s = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        s.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
