package io.vigil.agent.collect.fileintegrity;

import io.vigil.model.Require;
import java.time.Duration;
import java.util.List;

/**
 * What the {@code file_integrity} collector watches. Remote-config key: {@code FileSystem_Paths}
 * (the paths).
 *
 * @param paths absolute paths as seen on the device, taken under the collector's root; a
 *     directory stands for its files, recursively down to 8 levels;
 *     a path that does not exist yet is watched for its creation
 * @param rescanInterval how often every path is scanned again, to catch what the watcher missed
 * @param maxFiles the most files recorded; beyond it, files are left out and the collector says so
 */
public record FileIntegritySettings(List<String> paths, Duration rescanInterval, int maxFiles) {
  public FileIntegritySettings {
    paths = Require.copy(Require.present(paths, "paths"), "paths");
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("paths must name at least one file or directory");
    }
    for (String p : paths) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException("path '" + p + "' must be absolute");
      }
    }
    Require.present(rescanInterval, "rescanInterval");
    if (rescanInterval.isNegative() || rescanInterval.isZero()) {
      throw new IllegalArgumentException("rescanInterval must be positive, was " + rescanInterval);
    }
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be at least 1, was " + maxFiles);
    }
  }

  /**
   * The account, privilege, ssh, preload, cron and systemd files: {@code /etc/passwd},
   * {@code /etc/shadow}, {@code /etc/group}, {@code /etc/sudoers}, {@code /etc/sudoers.d},
   * {@code /etc/ssh/sshd_config}, {@code /etc/ld.so.preload}, {@code /etc/crontab},
   * {@code /etc/cron.d} and the unit directories {@code /etc/systemd/system},
   * {@code /lib/systemd/system}, {@code /usr/lib/systemd/system}; a rescan every 10 minutes; at most
   * 10,000 files.
   */
  public static FileIntegritySettings defaults() {
    return new FileIntegritySettings(List.of("/etc/passwd", "/etc/shadow", "/etc/group", "/etc/sudoers",
        "/etc/sudoers.d", "/etc/ssh/sshd_config", "/etc/ld.so.preload", "/etc/crontab", "/etc/cron.d",
        "/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"), Duration.ofMinutes(10), 10_000);
  }
}
