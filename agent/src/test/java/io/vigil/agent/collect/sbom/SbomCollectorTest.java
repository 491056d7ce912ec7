package io.vigil.agent.collect.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Sbom;
import io.vigil.model.event.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomCollectorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static Path fixture(String name) throws Exception {
    return Path.of(SbomCollectorTest.class.getResource(name).toURI());
  }

  private static CollectorContext at(Path root) {
    return new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
  }

  private static List<Sbom.Package> packages(SbomCollector collector) throws Exception {
    List<SecurityEvent> events = collector.collect();
    assertWireRoundTrip(events);
    assertThat(events).singleElement().isInstanceOf(Sbom.class);
    assertThat(events.getFirst().header().timestampUtc()).isEqualTo(NOW);
    return ((Sbom) events.getFirst()).payload();
  }

  @Test
  void dpkgFixtureGivesInstalledPackagesWithEveryFieldAndReportsBrokenStanzas() throws Exception {
    SbomCollector collector = new SbomCollector(at(fixture("dpkg-root")));
    assertThat(collector.name()).isEqualTo("sbom");
    assertThat(packages(collector)).containsExactly(
        new Sbom.Package("bash", "5.2.15-2+b8", "amd64", "dpkg",
            Map.of("Maintainer", "Matthias Klose <doko@debian.org>", "InstalledSize", "7335936")),
        new Sbom.Package("libssl3", "3.0.15-1~deb12u1", "amd64", "dpkg",
            Map.of("Maintainer", "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>",
                "Source", "openssl (3.0.15-1~deb12u1)", "Vendor", "Debian", "InstalledSize", "6324224",
                "Status", "hold ok installed")),
        new Sbom.Package("tzdata", "2025b-0+deb12u1", "all", "dpkg", Map.of("Source", "tzdata")),
        new Sbom.Package("vendored-tool", "2.0-1", "arm64", "dpkg", Map.of("Maintainer", "Someone <s@example.org>")));
    assertThat(collector.problems()).containsExactly(
        "/var/lib/dpkg/status:54: stanza without a Package field",
        "/var/lib/dpkg/status:60: expected 'Field: value' or a continuation line, found 'this line is garbage'",
        "/var/lib/dpkg/status:57: package 'noversion' has no Version field",
        "/var/lib/dpkg/status:62: package 'vendored-tool' has Installed-Size 'lots', not a number",
        "/var/lib/dpkg/status:71: expected 'Field: value' or a continuation line, found 'Arch'",
        "/var/lib/dpkg/status:69: package 'truncated' has no Version field");
  }

  @Test
  void apkFixtureGivesEveryFieldAndReportsBrokenPackages() throws Exception {
    SbomCollector collector = new SbomCollector(at(fixture("apk-root")));
    assertThat(packages(collector)).containsExactly(
        new Sbom.Package("musl", "1.2.4-r2", "x86_64", "apk",
            Map.of("Maintainer", "Natanael Copa <ncopa@alpinelinux.org>", "Source", "musl", "InstalledSize", "622592")),
        new Sbom.Package("busybox", "1.36.1-r5", "x86_64", "apk",
            Map.of("Maintainer", "Sören Tempel <soeren+alpine@soeren-tempel.net>", "Source", "busybox")));
    assertThat(collector.problems()).containsExactly(
        "/lib/apk/db/installed:21: package 'busybox' has I: (installed size) 'notanumber', not a number",
        "/lib/apk/db/installed:31: package without a P: (name) line",
        "/lib/apk/db/installed:34: expected 'X:value', found 'garbage'",
        "/lib/apk/db/installed:34: package 'no-version' has no V: (version) line");
  }

  @Test
  void opkgFixtureCountsInstallUserInstalledAsInstalled() throws Exception {
    SbomCollector collector = new SbomCollector(at(fixture("opkg-root")));
    assertThat(packages(collector)).containsExactly(
        new Sbom.Package("libc", "1.2.4-r3", "mipsel_24kc", "opkg", Map.of("Status", "install user installed")),
        new Sbom.Package("dropbear", "2022.82-6", "mipsel_24kc", "opkg", Map.of("InstalledSize", "112640")));
    assertThat(collector.problems()).isEmpty();
  }

  @Test
  void opkgStatusUnderBothPathsIsReadOnceWhenItIsOneFile(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("usr/lib/opkg"));
    Files.createDirectories(root.resolve("var/lib"));
    Files.writeString(root.resolve("usr/lib/opkg/status"), "Package: a\nVersion: 1\nStatus: install ok installed\n");
    Files.createSymbolicLink(root.resolve("var/lib/opkg"), Path.of("../../usr/lib/opkg"));
    assertThat(packages(new SbomCollector(at(root)))).extracting(Sbom.Package::name).containsExactly("a");
  }

  @Test
  void noPackageDatabaseMakesTheCollectorUnavailable(@TempDir Path root) {
    assertThatThrownBy(() -> new SbomCollector(at(root)).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no package database under " + root + ": looked for /var/lib/dpkg/status, /lib/apk/db/installed, "
            + "/usr/lib/opkg/status, /var/lib/opkg/status and the rpm binary (live root only)");
  }

  @Test
  void anRpmDatabaseUnderAnImageRootIsReportedAsNotRead(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("var/lib/rpm"));
    Files.createDirectories(root.resolve("var/lib/dpkg"));
    Files.writeString(root.resolve("var/lib/dpkg/status"), "");
    SbomCollector collector = new SbomCollector(at(root), (command, timeout) -> {
      throw new AssertionError("rpm must not run for an image root");
    });
    assertThat(packages(collector)).isEmpty();
    assertThat(collector.problems())
        .containsExactly("the rpm database under " + root + " is not read: rpm is only queried on the live root");
  }

  /** This Debian host: hundreds of dpkg packages, bash among them with the version dpkg-query prints. */
  @Test
  void realHostListsBashWithTheVersionDpkgQueryPrints() throws Exception {
    List<Sbom.Package> packages = packages(new SbomCollector(at(Path.of("/"))));
    Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "bash").start();
    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(packages).filteredOn(pkg -> pkg.name().equals("bash")).singleElement().satisfies(bash -> {
      assertThat(bash.version()).isEqualTo(version);
      assertThat(bash.manager()).isEqualTo("dpkg");
      assertThat(bash.architecture()).isNotNull();
      assertThat(bash.extraDetails()).containsKeys("Maintainer", "InstalledSize");
    });
    Process count = new ProcessBuilder("sh", "-c", "dpkg-query -W -f='${db:Status-Status}\\n' | grep -cx installed").start();
    long installed = Long.parseLong(new String(count.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    assertThat(count.waitFor()).isZero();
    assertThat(packages).hasSize((int) installed).hasSizeGreaterThan(100);
  }

  /** The events survive the wire format unchanged: the hub refuses what the schema refuses. */
  private static void assertWireRoundTrip(List<SecurityEvent> events) throws Exception {
    var codec = new io.vigil.wire.SecurityMessageCodec();
    var message = io.vigil.model.event.SecurityMessage.of("0.1.0", java.util.UUID.randomUUID().toString(), events);
    assertThat(codec.decode(codec.encode(message)).events()).isEqualTo(events);
  }
}
