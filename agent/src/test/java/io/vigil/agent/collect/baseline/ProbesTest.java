package io.vigil.agent.collect.baseline;

import static io.vigil.agent.collect.baseline.BaselineFixtureTest.context;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each check type finds, and the exact words it reports, on small trees. */
class ProbesTest {
  @TempDir Path root;

  private void write(String absolute, String text) throws IOException {
    Path p = root.resolve(absolute.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private void mode(String absolute, String octal) throws IOException {
    Files.setAttribute(root.resolve(absolute.substring(1)), "unix:mode", Integer.parseInt(octal, 8));
  }

  private Verdict eval(String type, Object... params) throws Exception {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.put((String) params[i], params[i + 1]);
    }
    return CheckTypes.create(type, new Params(p)).evaluate(new Host(context(root)));
  }

  @Test
  void configValueReportsTheValueItsPlaceOrTheDefault() throws Exception {
    write("/etc/ssh/sshd_config", "LoginGraceTime 2m\nMaxAuthTries 3\nCiphers aes128-ctr,aes128-cbc,3des-cbc\n");
    write("/etc/login.defs", "UMASK 027\n");
    String sshd = "/etc/ssh/sshd_config";

    assertThat(eval("config_value", "file", sshd, "syntax", "sshd", "key", "LoginGraceTime", "at_most", 60L, "time", true))
        .isEqualTo(Verdict.fail("LoginGraceTime is '2m' in /etc/ssh/sshd_config:1; expected at most 60"));
    assertThat(eval("config_value", "file", sshd, "syntax", "sshd", "key", "maxauthtries", "at_most", 4L)).isEqualTo(Verdict.pass());
    assertThat(eval("config_value", "file", sshd, "syntax", "sshd", "key", "Ciphers", "contains_none", List.of("aes128-cbc", "3des-cbc", "arcfour")))
        .isEqualTo(Verdict.fail("Ciphers is 'aes128-ctr,aes128-cbc,3des-cbc' in /etc/ssh/sshd_config:3; expected none of "
            + "'aes128-cbc', '3des-cbc', 'arcfour'; found 'aes128-cbc', '3des-cbc'"));
    assertThat(eval("config_value", "file", sshd, "syntax", "sshd", "key", "PermitRootLogin", "equals", "no", "default", "prohibit-password"))
        .isEqualTo(Verdict.fail("PermitRootLogin is not set in /etc/ssh/sshd_config, so it is 'prohibit-password' (the default); expected 'no'"));
    assertThat(eval("config_value", "file", sshd, "syntax", "sshd", "key", "Banner", "not_one_of", List.of("none")))
        .isEqualTo(Verdict.fail("Banner is not set in /etc/ssh/sshd_config; expected anything but 'none'"));
    assertThat(eval("config_value", "file", "/etc/login.defs", "syntax", "space", "key", "UMASK", "all_bits", "027")).isEqualTo(Verdict.pass());
    assertThat(eval("config_value", "file", "/etc/login.defs", "syntax", "space", "key", "UMASK", "all_bits", "077"))
        .isEqualTo(Verdict.fail("UMASK is '027' in /etc/login.defs:1; expected a mask with at least the bits 077"));
    assertThat(eval("config_value", "file", "/etc/default/useradd", "syntax", "equals", "key", "INACTIVE", "at_least", 0L, "at_most", 45L))
        .isEqualTo(Verdict.fail("INACTIVE is not set in /etc/default/useradd (/etc/default/useradd does not exist); expected between 0 and 45"));
  }

  @Test
  void sysctlOnAnImageUsesTheConfigurationAndTheKernelDefault() throws Exception {
    write("/etc/sysctl.d/99-router.conf", "net.ipv4.ip_forward = 1\n");
    assertThat(eval("sysctl", "key", "net.ipv4.ip_forward", "equals", "0", "default", "0"))
        .isEqualTo(Verdict.fail("net.ipv4.ip_forward = 1 in /etc/sysctl.d/99-router.conf:1; expected '0'"));
    assertThat(eval("sysctl", "key", "net.ipv4.conf.all.send_redirects", "equals", "0", "default", "1"))
        .isEqualTo(Verdict.fail("net.ipv4.conf.all.send_redirects is not set in /etc/sysctl.conf or /etc/sysctl.d, so it is '1' "
            + "(the kernel default); expected '0'"));
    assertThat(eval("sysctl", "key", "kernel.randomize_va_space", "equals", "2", "default", "2")).isEqualTo(Verdict.pass());
    assertThat(eval("sysctl", "key", "kernel.kptr_restrict", "one_of", List.of("1", "2")))
        .isEqualTo(Verdict.fail("kernel.kptr_restrict is not set in /etc/sysctl.conf or /etc/sysctl.d; expected one of '1', '2'"));
  }

  @Test
  void mountOptionsSkipWhatIsNotMountedUnlessTheSystemMountsItAnyway() throws Exception {
    write("/etc/fstab", "tmpfs /tmp tmpfs defaults,nosuid 0 0\n");
    assertThat(eval("mount_option", "mount", "/tmp", "options", List.of("nodev", "nosuid", "noexec")))
        .isEqualTo(Verdict.fail("/tmp is mounted without nodev, noexec (/etc/fstab:1: defaults,nosuid)"));
    assertThat(eval("mount_option", "mount", "/var/tmp", "options", "nodev"))
        .isEqualTo(Verdict.skip("/var/tmp is not a separate mount (/etc/fstab)"));
    assertThat(eval("mount_option", "mount", "/dev/shm", "options", "noexec", "implicit", List.of("nodev", "nosuid")))
        .isEqualTo(Verdict.fail("/dev/shm is mounted without noexec (no entry in /etc/fstab; mounted by the system with nodev,nosuid)"));
    assertThat(eval("separate_partition", "mount", "/var")).isEqualTo(Verdict.fail("/var is not a separate mount (/etc/fstab)"));
    assertThat(eval("separate_partition", "mount", "/tmp")).isEqualTo(Verdict.pass());
  }

  @Test
  void servicesCountAsOffWhenNotInstalledMaskedOrNotLinked() throws Exception {
    write("/var/lib/dpkg/status", "Package: avahi-daemon\nStatus: install ok installed\n\nPackage: openbsd-inetd\nStatus: install ok installed\n");
    write("/etc/inetd.conf", "#telnet stream tcp nowait root /usr/sbin/in.telnetd\nftp stream tcp nowait root /usr/sbin/in.ftpd\n");
    Path wants = Files.createDirectories(root.resolve("etc/systemd/system/multi-user.target.wants"));
    Files.createSymbolicLink(wants.resolve("avahi-daemon.service"), Path.of("/lib/systemd/system/avahi-daemon.service"));

    assertThat(eval("service_disabled", "packages", List.of("avahi-daemon"), "units", List.of("avahi-daemon.service")))
        .isEqualTo(Verdict.fail("avahi-daemon.service is enabled (/etc/systemd/system/multi-user.target.wants/avahi-daemon.service)"));
    Files.createSymbolicLink(root.resolve("etc/systemd/system/avahi-daemon.service"), Path.of("/dev/null"));
    assertThat(eval("service_disabled", "packages", List.of("avahi-daemon"), "units", List.of("avahi-daemon.service")))
        .isEqualTo(Verdict.pass()); // masked
    assertThat(eval("service_disabled", "packages", List.of("cups"), "units", List.of("cups.service"))).isEqualTo(Verdict.pass());
    assertThat(eval("service_disabled", "packages", List.of("openbsd-inetd"), "inetd", List.of("telnet"))).isEqualTo(Verdict.pass());
    assertThat(eval("service_disabled", "packages", List.of("openbsd-inetd"), "inetd", List.of("ftp")))
        .isEqualTo(Verdict.fail("/etc/inetd.conf:2 starts ftp"));
    assertThat(eval("service_enabled", "units", List.of("auditd.service")))
        .isEqualTo(Verdict.fail("auditd.service is not enabled (no link under /etc/systemd/system/*.wants)"));
  }

  @Test
  void packagesNeedADpkgDatabase() throws Exception {
    assertThat(eval("package_absent", "packages", List.of("telnetd")))
        .isEqualTo(Verdict.skip("no /var/lib/dpkg/status: not a dpkg-based system"));
    write("/var/lib/dpkg/status", "Package: telnet\nStatus: install ok installed\n\nPackage: rsh-client\nStatus: install ok installed\n");
    assertThat(eval("package_absent", "packages", List.of("telnet", "inetutils-telnet", "rsh-client")))
        .isEqualTo(Verdict.fail("telnet, rsh-client are installed (/var/lib/dpkg/status)"));
    assertThat(eval("package_installed", "packages", List.of("chrony", "ntp")))
        .isEqualTo(Verdict.fail("none of 'chrony', 'ntp' is installed"));
    assertThat(eval("package_installed", "packages", List.of("auditd"))).isEqualTo(Verdict.fail("auditd is not installed"));
  }

  @Test
  void modulesMustBeStoppedByTrueOrFalseUnlessTheKernelLacksThem() throws Exception {
    write("/etc/modprobe.d/x.conf", "install cramfs /usr/bin/true\ninstall udf /bin/sh -c true\nblacklist hfs\n");
    assertThat(eval("module_disabled", "module", "cramfs")).isEqualTo(Verdict.pass());
    assertThat(eval("module_disabled", "module", "udf"))
        .isEqualTo(Verdict.fail("'install udf /bin/sh -c true' (/etc/modprobe.d/x.conf:2) does not stop it loading; expected /bin/true or /bin/false"));
    assertThat(eval("module_disabled", "module", "hfs"))
        .isEqualTo(Verdict.fail("no 'install hfs /bin/false' in /etc/modprobe.d/*.conf (a blacklist line alone still lets it load on demand)"));
    write("/lib/modules/6.1.0/modules.dep", "kernel/fs/udf/udf.ko:\n");
    assertThat(eval("module_disabled", "module", "hfs")).isEqualTo(Verdict.pass()); // this kernel has no hfs at all
  }

  @Test
  void treeScansFindWorldWritableAndUnexpectedSetIdFiles() throws Exception {
    write("/usr/bin/ok", "x");
    write("/usr/bin/open", "x");
    write("/usr/bin/su", "x");
    write("/usr/lib/aarch64-linux-gnu/utempter/utempter", "x");
    write("/usr/local/bin/evil", "x");
    Files.createDirectories(root.resolve("usr/share/drop"));
    Files.createDirectories(root.resolve("usr/share/sticky"));
    mode("/usr/bin/ok", "0755");
    mode("/usr/bin/open", "0666");
    mode("/usr/bin/su", "4755");
    mode("/usr/lib/aarch64-linux-gnu/utempter/utempter", "2755");
    mode("/usr/local/bin/evil", "6755");
    mode("/usr/share/drop", "0777");
    mode("/usr/share/sticky", "1777");
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(root.resolve("usr/bin/link"), Path.of("ok")); // links are not followed, whatever they point to

    assertThat(eval("world_writable", "dirs", List.of("/usr", "/bin")))
        .isEqualTo(Verdict.fail("2 world-writable entries: /usr/bin/open (0666), /usr/share/drop (0777)"));
    assertThat(eval("setid_files", "dirs", List.of("/usr", "/bin"), "kind", "setuid", "allowed", List.of("/bin/su")))
        .isEqualTo(Verdict.fail("1 unexpected setuid file: /usr/local/bin/evil (6755)"));
    assertThat(eval("setid_files", "dirs", List.of("/usr"), "kind", "setgid", "allowed", List.of("/usr/lib/*/utempter/utempter")))
        .isEqualTo(Verdict.fail("1 unexpected setgid file: /usr/local/bin/evil (6755)"));
    assertThat(eval("setid_files", "dirs", List.of("/usr"), "kind", "any"))
        .isEqualTo(Verdict.fail("3 unexpected setuid/setgid files: /usr/bin/su (4755), "
            + "/usr/lib/aarch64-linux-gnu/utempter/utempter (2755), /usr/local/bin/evil (6755)"));
    assertThat(eval("world_writable", "dirs", List.of("/opt", "/srv"))).isEqualTo(Verdict.skip("none of /opt, /srv exists"));
  }

  @Test
  void accountRulesNameTheAccountAndTheLine() throws Exception {
    write("/etc/passwd", """
        root:x:0:1:root:/root:/bin/bash
        toor:x:0:0::/root:/bin/sh
        daemon:x:1:1::/usr/sbin:/usr/sbin/nologin
        www:x:33:33::/var/www:/bin/sh
        alice:$6$hash:1000:1000::/home/alice:/bin/bash
        bob:x:1000:1001::/home/bob:/bin/bash
        +::::::
        """);
    write("/etc/shadow", "root:!:1::::::\ntoor::1::::::\nalice::1::::::\n");
    write("/etc/group", "root:x:0:\nshadow:x:42:bob\nusers:x:1000:\nstaff:x:1000:\n");

    Map<String, Verdict> v = new LinkedHashMap<>();
    for (String rule : AccountProbe.RULES) {
      v.put(rule, eval("account_rule", "rule", rule));
    }
    assertThat(v).containsExactly(
        Map.entry("empty_password", Verdict.fail("toor has an empty password (/etc/shadow:2); alice has an empty password (/etc/shadow:3)")),
        Map.entry("uid0_only_root", Verdict.fail("toor has uid 0 (/etc/passwd:2)")),
        Map.entry("shadowed", Verdict.fail("alice has no 'x' password field (/etc/passwd:5): its hash is not in /etc/shadow")),
        Map.entry("no_legacy_plus", Verdict.fail("legacy '+' entry at /etc/passwd:7")),
        Map.entry("unique_uids", Verdict.fail("uid 0 appears 2 times (/etc/passwd:1, /etc/passwd:2); uid 1000 appears 2 times "
            + "(/etc/passwd:5, /etc/passwd:6)")),
        Map.entry("unique_gids", Verdict.fail("gid 1000 appears 2 times (/etc/group:3, /etc/group:4)")),
        Map.entry("unique_user_names", Verdict.pass()),
        Map.entry("unique_group_names", Verdict.pass()),
        Map.entry("root_gid0", Verdict.fail("root's primary group is 1 (/etc/passwd:1); expected 0")),
        Map.entry("system_accounts_nologin", Verdict.fail("toor (uid 0) has shell /bin/sh (/etc/passwd:2); "
            + "www (uid 33) has shell /bin/sh (/etc/passwd:4)")),
        Map.entry("shadow_group_empty", Verdict.fail("group shadow has members bob (/etc/group:2)")),
        Map.entry("well_formed", Verdict.pass()));
  }

  @Test
  void filePermissionsNameTheModeAndTheOwnerFound() throws Exception {
    write("/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    write("/etc/group", "root:x:0:\nshadow:x:42:\n");
    write("/etc/ssh/ssh_host_rsa_key", "k");
    write("/etc/ssh/ssh_host_ed25519_key", "k");
    mode("/etc/ssh/ssh_host_rsa_key", "0640");
    mode("/etc/ssh/ssh_host_ed25519_key", "0600");
    Files.setAttribute(root.resolve("etc/ssh/ssh_host_rsa_key"), "unix:gid", 42);

    assertThat(eval("file_permissions", "path", "/etc/ssh/ssh_host_*_key", "max_mode", "0600", "owner", "root", "group", "root"))
        .isEqualTo(Verdict.fail("/etc/ssh/ssh_host_rsa_key has mode 0640; expected at most 0600; "
            + "/etc/ssh/ssh_host_rsa_key is owned by group shadow; expected root"));
    assertThat(eval("file_permissions", "path", "/etc/ssh/ssh_host_rsa_key", "max_mode", "0640", "group", List.of("root", "shadow")))
        .isEqualTo(Verdict.pass());
    assertThat(eval("file_permissions", "path", "/etc/shadow", "max_mode", "0640", "missing", "fail"))
        .isEqualTo(Verdict.fail("/etc/shadow does not exist"));
    assertThat(eval("file_permissions", "path", "/etc/shadow", "max_mode", "0640")).isEqualTo(Verdict.skip("/etc/shadow does not exist"));
  }

  @Test
  void fileContentIgnoresCommentsAndShowsTheMatches() throws Exception {
    write("/etc/sudoers", "# %admin ALL=(ALL) NOPASSWD: ALL\nDefaults use_pty\n");
    write("/etc/sudoers.d/a", "x ALL=NOPASSWD: A\ny ALL=NOPASSWD: B\n");
    write("/etc/sudoers.d/b", "z ALL=NOPASSWD: C\nw ALL=NOPASSWD: D\n");
    List<String> files = List.of("/etc/sudoers", "/etc/sudoers.d/*");

    assertThat(eval("file_contains", "files", files, "pattern", "^\\s*Defaults\\s+use_pty")).isEqualTo(Verdict.pass());
    assertThat(eval("file_lacks", "files", files, "pattern", "NOPASSWD"))
        .isEqualTo(Verdict.fail("'NOPASSWD' matches /etc/sudoers.d/a:1: x ALL=NOPASSWD: A; /etc/sudoers.d/a:2: y ALL=NOPASSWD: B; "
            + "/etc/sudoers.d/b:1: z ALL=NOPASSWD: C; and 1 more"));
    assertThat(eval("file_contains", "files", List.of("/etc/pam.d/su"), "pattern", "pam_wheel"))
        .isEqualTo(Verdict.fail("/etc/pam.d/su does not exist"));
    assertThat(eval("file_contains", "files", "/etc/sudoers", "pattern", "logfile"))
        .isEqualTo(Verdict.fail("no line matching 'logfile' in /etc/sudoers"));
    assertThat(eval("file_lacks", "files", List.of("/etc/motd"), "pattern", "x")).isEqualTo(Verdict.pass());
  }

  @Test
  void persistentLoggingNeedsSyslogOrAJournalOnDisk() throws Exception {
    write("/var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\n");
    assertThat(eval("persistent_logging")).isEqualTo(Verdict.fail("no syslog daemon is installed (rsyslog, syslog-ng, busybox-syslogd, "
        + "inetutils-syslogd) and journald keeps logs in memory only: Storage=auto (the default) and /var/log/journal does not exist"));
    write("/etc/systemd/journald.conf.d/10-volatile.conf", "[Journal]\nStorage=volatile\n");
    assertThat(eval("persistent_logging")).isEqualTo(Verdict.fail("no syslog daemon is installed (rsyslog, syslog-ng, busybox-syslogd, "
        + "inetutils-syslogd) and journald does not keep logs on disk: Storage=volatile (/etc/systemd/journald.conf.d/10-volatile.conf:2)"));
    write("/etc/systemd/journald.conf.d/20-disk.conf", "Storage=persistent\n");
    assertThat(eval("persistent_logging")).isEqualTo(Verdict.pass());
  }

  @Test
  void firewallDefaultDenyNeedsADropPolicyOrAFinalDropForTheFamily() throws Exception {
    assertThat(eval("firewall_default_deny", "family", "ipv4").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(eval("firewall_default_deny", "family", "ipv4").detail()).startsWith("no firewall ruleset: no saved rules under ");

    write("/etc/nftables.conf", "table ip f {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport 22 accept\n }\n}\n");
    assertThat(eval("firewall_default_deny", "family", "ipv4"))
        .isEqualTo(Verdict.fail("the input policy accepts what no rule matched in nftables ip f input; expected drop"));
    assertThat(eval("firewall_default_deny", "family", "ipv6"))
        .isEqualTo(Verdict.fail("no input filter chain covers IPv6 traffic (2 rules and policies in other chains)"));

    write("/etc/nftables.conf", "table ip f {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport 22 accept\n  counter drop\n }\n}\n");
    assertThat(eval("firewall_default_deny", "family", "ipv4")).isEqualTo(Verdict.pass());

    write("/etc/nftables.conf", "include \"/etc/nftables.d/*.nft\"\n");
    assertThat(eval("firewall_default_deny", "family", "ipv4")).isEqualTo(Verdict.error("cannot tell: /etc/nftables.conf line 1: "
        + "'include' at the top level is beyond what the simple nftables.conf reader supports"));

    Files.delete(root.resolve("etc/nftables.conf"));
    write("/etc/iptables/rules.v6", "*filter\n:INPUT DROP [0:0]\nCOMMIT\n");
    assertThat(eval("firewall_default_deny", "family", "ipv6")).isEqualTo(Verdict.pass());
  }

  @Test
  void expectationsDescribeThemselves() throws Exception {
    Expectation e = Expectation.from(new Params(new LinkedHashMap<>(Map.of("at_least", 1L, "at_most", 300L, "time", true))), false);
    assertThat(e.complaint("5m")).isEmpty();
    assertThat(e.complaint("1h")).contains("expected between 1 and 300");
    assertThat(e.complaint("soon")).contains("expected a number between 1 and 300");
    assertThat(e.complaint("0")).contains("expected between 1 and 300");
    Expectation names = Expectation.from(new Params(new LinkedHashMap<>(Map.of("one_of", List.of("INFO", "VERBOSE")))), true);
    assertThat(names.complaint("verbose")).isEmpty();
    assertThat(names.describe()).isEqualTo("expected one of 'INFO', 'VERBOSE'");
    assertThat(Pattern.matches("[0-7]+", "027")).isTrue();
  }
}
