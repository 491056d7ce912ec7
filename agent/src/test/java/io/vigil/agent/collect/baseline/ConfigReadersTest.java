package io.vigil.agent.collect.baseline;

import static io.vigil.agent.collect.baseline.BaselineFixtureTest.context;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers of configuration files: sshd_config, sysctl, key-value files, dpkg status, accounts, mounts, modprobe. */
class ConfigReadersTest {
  @TempDir Path root;

  private void write(String absolute, String text) throws IOException {
    Path p = root.resolve(absolute.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Host host() {
    return new Host(context(root));
  }

  @Test
  void sshdConfigFollowsSshdRules() throws Exception {
    write("/etc/ssh/sshd_config", """
        # comment
        Include sshd_config.d/*.conf
        permitrootlogin no
        X11Forwarding=yes
        Banner "/etc/issue.net"
        Match User backup
          MaxAuthTries 10
        """);
    write("/etc/ssh/sshd_config.d/20-b.conf", "PermitRootLogin without-password\nMaxSessions 2\n");
    write("/etc/ssh/sshd_config.d/10-a.conf", "PermitRootLogin yes\nMatch Address 10.0.0.0/8\n  MaxSessions 99\n");
    write("/etc/ssh/sshd_config.d/readme.txt", "MaxSessions 50\n");

    SshdConfig config = SshdConfig.read(host(), "/etc/ssh/sshd_config");

    assertThat(config.present()).isTrue();
    // 10-a.conf is read first (name order) and the first value wins, whatever the case of the keyword.
    assertThat(config.get("PermitRootLogin")).contains(new SshdConfig.Entry("PermitRootLogin", "yes", "/etc/ssh/sshd_config.d/10-a.conf:1"));
    // A Match block in an included file ends at that file's end: 20-b.conf is global again.
    assertThat(config.get("maxsessions")).contains(new SshdConfig.Entry("MaxSessions", "2", "/etc/ssh/sshd_config.d/20-b.conf:2"));
    assertThat(config.get("X11Forwarding").map(SshdConfig.Entry::value)).contains("yes");
    assertThat(config.get("Banner").map(SshdConfig.Entry::value)).contains("/etc/issue.net");
    assertThat(config.get("MaxAuthTries")).isEmpty(); // only inside Match
    assertThat(SshdConfig.read(host(), "/etc/ssh/none").present()).isFalse();
  }

  @Test
  void sysctlSettingsFollowSystemdSysctlOrder() throws Exception {
    write("/usr/lib/sysctl.d/50-default.conf", "net.ipv4.conf.all.rp_filter = 2\nkernel.kptr_restrict = 1\n");
    write("/etc/sysctl.d/50-default.conf", "# overrides the vendor file of the same name\nkernel.kptr_restrict = 2\n");
    write("/etc/sysctl.d/10-first.conf", "net/ipv4/ip_forward=1\n-fs.protected_symlinks = 1\n");
    write("/etc/sysctl.d/90-globs.conf", "net.ipv4.conf.*.rp_filter = 1\n");
    write("/etc/sysctl.conf", "; a comment\nnet.ipv4.ip_forward = 0\nnet.ipv4.ip_local_port_range = 1024\t 65000\nnot a setting\n");

    SysctlSettings s = SysctlSettings.read(host());

    assertThat(s.configured("net.ipv4.ip_forward")).contains(new SysctlSettings.Setting("0", "/etc/sysctl.conf:2"));
    assertThat(s.configured("kernel.kptr_restrict")).contains(new SysctlSettings.Setting("2", "/etc/sysctl.d/50-default.conf:2"));
    assertThat(s.configured("net.ipv4.conf.all.rp_filter")).contains(new SysctlSettings.Setting("1", "/etc/sysctl.d/90-globs.conf:1"));
    assertThat(s.configured("net.ipv4.conf.eth0.rp_filter")).contains(new SysctlSettings.Setting("1", "/etc/sysctl.d/90-globs.conf:1"));
    assertThat(s.configured("fs.protected_symlinks").map(SysctlSettings.Setting::value)).contains("1");
    assertThat(s.configured("net.ipv4.ip_local_port_range").map(SysctlSettings.Setting::value)).contains("1024 65000");
    assertThat(s.configured("kernel.dmesg_restrict")).isEmpty();
    assertThat(SysctlSettings.procPath("net.ipv4.ip_forward")).isEqualTo("/proc/sys/net/ipv4/ip_forward");
  }

  @Test
  void keyValueFilesLetTheLastValueWin() throws Exception {
    write("/etc/login.defs", "PASS_MAX_DAYS 99999\nUMASK\t022\nPASS_MAX_DAYS   90\n");
    write("/etc/security/pwquality.conf", "[section]\nminlen = 8\n# minlen = 30\n");
    write("/etc/security/pwquality.conf.d/10.conf", "minlen=\"12\"\n");

    KeyValueFile defs = KeyValueFile.read(host(), List.of("/etc/login.defs"), KeyValueFile.Syntax.SPACE, false);
    KeyValueFile pwq = KeyValueFile.read(host(), List.of("/etc/security/pwquality.conf", "/etc/security/pwquality.conf.d/*.conf",
        "/etc/missing.conf"), KeyValueFile.Syntax.EQUALS, false);

    assertThat(defs.get("PASS_MAX_DAYS")).contains(new KeyValueFile.Entry("90", "/etc/login.defs:3"));
    assertThat(defs.get("UMASK").map(KeyValueFile.Entry::value)).contains("022");
    assertThat(defs.get("umask")).isEmpty();
    assertThat(pwq.get("minlen")).contains(new KeyValueFile.Entry("12", "/etc/security/pwquality.conf.d/10.conf:1"));
  }

  @Test
  void dpkgCountsWhatIsOnDiskAsInstalled() throws Exception {
    write("/var/lib/dpkg/status", """
        Package: a
        Status: install ok installed

        Package: b
        Status: deinstall ok config-files

        Package: c
        Status: install ok half-configured

        Package: d
        Status: purge ok not-installed

        Package: last
        Status: install ok installed""");
    Dpkg dpkg = Dpkg.read(host());
    assertThat(dpkg.present()).isTrue();
    assertThat(List.of("a", "b", "c", "d", "last", "zzz")).filteredOn(dpkg::installed).containsExactly("a", "c", "last");
    Files.delete(root.resolve("var/lib/dpkg/status"));
    assertThat(Dpkg.read(host()).present()).isFalse();
  }

  @Test
  void accountsKeepMalformedLinesAndResolveNames() throws Exception {
    write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nbroken:x:5\n+::::::\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    write("/etc/group", "root:x:0:\nshadow:x:42:\n");
    Accounts a = Accounts.read(host());
    assertThat(a.malformed()).containsExactly("/etc/passwd:2");
    assertThat(a.users()).extracting(Accounts.Entry::name).containsExactly("root", "+", "alice");
    assertThat(a.uid("alice")).contains(1000);
    assertThat(a.gid("shadow")).contains(42);
    assertThat(a.uid("nobody")).isEmpty();
    assertThat(a.userName(1000)).isEqualTo("alice");
    assertThat(a.userName(4242)).isEqualTo("4242");
    assertThat(a.shadowPresent()).isFalse();
  }

  @Test
  void mountsComeFromFstabOrASystemdMountUnitUnlessMasked() throws Exception {
    write("/etc/fstab", "# comment\nLABEL=x /mnt/my\\040disk ext4 defaults,nodev 0 2\nbroken line\n/dev/b /tmp ext4 defaults 0 0\n"
        + "tmpfs /tmp tmpfs nodev,nosuid 0 0\n");
    write("/etc/systemd/system/var-tmp.mount", "[Mount]\nWhat=tmpfs\nWhere=/var/tmp\nType=tmpfs\nOptions=mode=1777,nosuid,nodev\n");
    Files.createDirectories(root.resolve("etc/systemd/system"));
    Files.createSymbolicLink(root.resolve("etc/systemd/system/home.mount"), Path.of("/dev/null"));
    write("/usr/lib/systemd/system/home.mount", "[Mount]\nType=ext4\nOptions=defaults\n");

    Host host = host();
    Mounts m = host.mounts();

    assertThat(m.source()).isEqualTo("/etc/fstab");
    assertThat(m.at(host, "/mnt/my disk")).contains(new Mounts.Mount("/mnt/my disk", "ext4", List.of("defaults", "nodev"), "/etc/fstab:2"));
    assertThat(m.at(host, "/tmp")).contains(new Mounts.Mount("/tmp", "tmpfs", List.of("nodev", "nosuid"), "/etc/fstab:5"));
    assertThat(m.at(host, "/var/tmp")).contains(new Mounts.Mount("/var/tmp", "tmpfs", List.of("mode=1777", "nosuid", "nodev"),
        "/etc/systemd/system/var-tmp.mount"));
    assertThat(m.at(host, "/home")).isEmpty();
  }

  @Test
  void modprobeReadsInstallAndBlacklistLinesAndTheKernelsModuleList() throws Exception {
    write("/lib/modprobe.d/aliases.conf", "install cramfs /bin/sh -c 'echo vendor'\n");
    write("/etc/modprobe.d/hardening.conf", "install usb_storage /bin/true\nblacklist dccp\n");
    write("/etc/modprobe.d/z.conf", "install usb-storage /bin/sh\n");
    write("/lib/modules/6.1.0-18-arm64/modules.dep", "kernel/fs/udf/udf.ko.xz: kernel/lib/crc-itu-t.ko.xz\nkernel/net/sctp/sctp.ko:\n");
    write("/lib/modules/6.1.0-18-arm64/modules.builtin", "kernel/fs/ext4/ext4.ko\n");

    Modprobe m = Modprobe.read(host());

    assertThat(m.install("usb-storage")).contains(new Modprobe.Install("/bin/true", "/etc/modprobe.d/hardening.conf:1"));
    assertThat(m.install("cramfs").map(Modprobe.Install::command)).contains("/bin/sh -c 'echo vendor'");
    assertThat(m.blacklisted("dccp")).isTrue();
    assertThat(m.loaded("udf")).isEmpty(); // not the live root
    assertThat(m.kernel()).isEqualTo("6.1.0-18-arm64");
    assertThat(Map.of("udf", m.available("udf"), "sctp", m.available("sctp"), "ext4", m.available("ext4"), "tipc", m.available("tipc")))
        .containsEntry("udf", java.util.Optional.of(true)).containsEntry("sctp", java.util.Optional.of(true))
        .containsEntry("ext4", java.util.Optional.of(true)).containsEntry("tipc", java.util.Optional.of(false));
  }
}
