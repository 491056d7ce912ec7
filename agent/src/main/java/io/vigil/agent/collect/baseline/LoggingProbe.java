package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Type {@code persistent_logging}: logs survive a reboot, because a syslog daemon is installed
 * (rsyslog, syslog-ng, busybox-syslogd, inetutils-syslogd) or journald stores its journal on disk:
 * {@code Storage=persistent}, or {@code Storage=auto} (the default) with {@code /var/log/journal}
 * present. journald.conf drop-ins are honoured; the last value wins.
 */
record LoggingProbe() implements Probe {
  static final List<String> SYSLOG = List.of("rsyslog", "syslog-ng", "busybox-syslogd", "inetutils-syslogd");
  static final String JOURNALD = "/etc/systemd/journald.conf";

  static LoggingProbe from(Params p) {
    return new LoggingProbe();
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    Dpkg dpkg = host.dpkg();
    if (SYSLOG.stream().anyMatch(dpkg::installed)) {
      return Verdict.pass();
    }
    KeyValueFile journald = KeyValueFile.read(host, List.of(JOURNALD, "/usr/lib/systemd/journald.conf.d/*.conf",
        "/etc/systemd/journald.conf.d/*.conf", "/run/systemd/journald.conf.d/*.conf"), KeyValueFile.Syntax.EQUALS, false);
    Optional<KeyValueFile.Entry> storage = journald.get("Storage");
    String value = storage.map(KeyValueFile.Entry::value).orElse("auto");
    String where = storage.map(e -> " (" + e.where() + ")").orElse(" (the default)");
    String noSyslog = (dpkg.present() ? "no syslog daemon is installed (" + String.join(", ", SYSLOG) + ")"
        : "no syslog daemon is known to be installed (no " + Dpkg.STATUS + ")");
    if (value.equals("persistent")) {
      return Verdict.pass();
    }
    if (value.equals("auto")) {
      return host.exists("/var/log/journal") ? Verdict.pass()
          : Verdict.fail(noSyslog + " and journald keeps logs in memory only: Storage=auto" + where
              + " and /var/log/journal does not exist");
    }
    return Verdict.fail(noSyslog + " and journald does not keep logs on disk: Storage=" + value + where);
  }
}
