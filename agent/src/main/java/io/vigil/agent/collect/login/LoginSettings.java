package io.vigil.agent.collect.login;

import io.vigil.model.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * Which text logs the {@code login} collector follows, besides utmp, wtmp and btmp.
 *
 * @param authLogFiles absolute paths as seen on the device, taken under the collector's root:
 *     syslog files with sshd and PAM lines, or sshd's own {@code -E} log; a file that does not
 *     exist yet is read from its start once it appears. When none of them exists on a live root,
 *     the journal is read instead.
 */
public record LoginSettings(List<String> authLogFiles) {
  public LoginSettings {
    authLogFiles = Require.copy(Require.present(authLogFiles, "authLogFiles"), "authLogFiles");
    for (String f : authLogFiles) {
      if (!f.startsWith("/")) {
        throw new IllegalArgumentException("auth log file '" + f + "' must be an absolute path");
      }
    }
  }

  /** {@code /var/log/auth.log} (Debian and its kin) and {@code /var/log/secure} (Red Hat and its kin). */
  public static LoginSettings defaults() {
    return new LoginSettings(List.of("/var/log/auth.log", "/var/log/secure"));
  }

  /** These settings with {@code file} followed too (an sshd {@code -E} log, say). */
  public LoginSettings withAuthLogFile(String file) {
    List<String> files = new ArrayList<>(authLogFiles);
    files.add(file);
    return new LoginSettings(files);
  }
}
