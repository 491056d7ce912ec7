package io.vigil.agent.collect.sbom;

import io.vigil.agent.collect.CommandRunner;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.Sbom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageParsersTest {
  @Test
  void aMissingBlankLineBetweenStanzasIsReportedAndTheMergedStanzaSkipped() {
    Parsed parsed = ControlFileParser.parse("status", "dpkg", """
        Package: a
        Status: install ok installed
        Version: 1
        Package: b
        Status: install ok installed
        Version: 2

        Package: c
        Status: install ok installed
        Version: 3
        """);
    assertThat(parsed.packages()).extracting(Sbom.Package::name).containsExactly("c");
    assertThat(parsed.problems()).containsExactly(
        "status:4: field 'Package' repeated in one stanza (a missing blank line?): the stanza from line 1 is skipped");
  }

  @Test
  void continuationLinesOutsideAFieldAndOddStatusesAreReported() {
    Parsed parsed = ControlFileParser.parse("status", "dpkg", """
         orphan continuation
        Package: a
        Status: installed
        Version: 1

        Package: b
        Version: 1
        """);
    assertThat(parsed.packages()).isEmpty();
    assertThat(parsed.problems()).containsExactly(
        "status:1: continuation line outside a field",
        "status:1: package 'a' has Status 'installed', expected three words",
        "status:6: package 'b' has no Status field");
  }

  @Test
  void aStatusFileCutInTheMiddleOfAStanzaLosesOnlyThatStanza() {
    String whole = "Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
        + "Package: b\nStatus: install ok installed\nVersion: 2\n";
    Parsed parsed = ControlFileParser.parse("status", "dpkg", whole.substring(0, whole.indexOf("Version: 2") + 4));
    assertThat(parsed.packages()).extracting(Sbom.Package::name).containsExactly("a");
    assertThat(parsed.problems()).containsExactly(
        "status:8: expected 'Field: value' or a continuation line, found 'Vers'",
        "status:6: package 'b' has no Version field");
  }

  @Test
  void longGarbageLinesAreCutInMessages() {
    Parsed parsed = ApkDatabaseParser.parse("installed", "P:x\nV:1\n" + "z".repeat(200) + "\n");
    assertThat(parsed.problems()).containsExactly("installed:3: expected 'X:value', found '" + "z".repeat(80) + "...'");
    assertThat(parsed.packages()).containsExactly(new Sbom.Package("x", "1", null, "apk", Map.of()));
  }

  @Test
  void rpmQueryRunsRpmAndParsesItsTabSeparatedOutput() throws Exception {
    List<List<String>> ran = new ArrayList<>();
    RpmQuery query = new RpmQuery((command, timeout) -> {
      ran.add(command);
      assertThat(timeout).isEqualTo(Duration.ofMinutes(2));
      return "bash\t5.1.8-9.el9\tx86_64\tRed Hat, Inc.\tbash-5.1.8-9.el9.src.rpm\t7738634\tRed Hat, Inc. <http://bugzilla.redhat.com/bugzilla>\n"
          + "openssl-libs\t1:3.0.7-27.el9\tx86_64\t\t\t6459282\t\n"
          + "gpg-pubkey\tfd431d51-4ae0493b\t(none)\t\t\t0\t\n"
          + "broken\tline\n";
    });
    Parsed parsed = query.query();
    assertThat(ran).containsExactly(RpmQuery.COMMAND);
    assertThat(parsed.packages()).containsExactly(
        new Sbom.Package("bash", "5.1.8-9.el9", "x86_64", "rpm", Map.of("Vendor", "Red Hat, Inc.",
            "Source", "bash-5.1.8-9.el9.src.rpm", "InstalledSize", "7738634",
            "Maintainer", "Red Hat, Inc. <http://bugzilla.redhat.com/bugzilla>")),
        new Sbom.Package("openssl-libs", "1:3.0.7-27.el9", "x86_64", "rpm", Map.of("InstalledSize", "6459282")),
        new Sbom.Package("gpg-pubkey", "fd431d51-4ae0493b", null, "rpm", Map.of("InstalledSize", "0")));
    assertThat(parsed.problems()).containsExactly("rpm -qa output:4: expected 7 tab-separated fields, found 2");
  }

  @Test
  void theProcessRunnerReturnsOutputAndReportsFailuresWithStandardError() throws Exception {
    CommandRunner runner = CommandRunner.processes();
    assertThat(runner.run(List.of("printf", "a\\tb\\n"), Duration.ofSeconds(30))).isEqualTo("a\tb\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> runner.run(List.of("sh", "-c", "echo nope >&2; exit 3"), Duration.ofSeconds(30)))
        .hasMessage("sh exited with status 3: nope");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(200)))
        .hasMessage("sleep ran longer than 200 ms and was killed");
  }
}
