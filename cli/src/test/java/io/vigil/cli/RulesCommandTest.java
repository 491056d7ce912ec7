package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCommandTest {
  private final Path fixtures = fixtures();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static Path fixtures() {
    try {
      return Path.of(RulesCommandTest.class.getResource("RulesCommandTest").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private int vigil(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private List<String> outLines() {
    return out.toString().lines().toList();
  }

  @Test
  void theRulesCommandIsRegistered() {
    assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("rules");
    assertThat(vigil("rules", "--help")).isZero();
    assertThat(out.toString()).contains("check", "eval", "test");
  }

  @Test
  void checkSaysOkPerGoodFile() {
    Path rules = fixtures.resolve("rules");
    assertThat(vigil("rules", "check", rules.toString())).isZero();
    assertThat(outLines()).containsExactly(
        rules.resolve("logins.yml") + ": OK (2 rules)",
        rules.resolve("shell.yml") + ": OK (1 rule)",
        "2 files: 2 OK, 0 failed; 3 rules loaded");
  }

  @Test
  void checkNamesEachBadRuleByFileLineAndConstructAndFails() {
    Path broken = fixtures.resolve("broken");
    Path shell = fixtures.resolve("rules/shell.yml");
    assertThat(vigil("rules", "check", broken.toString(), shell.toString())).isEqualTo(1);
    assertThat(outLines()).containsExactly(
        broken.resolve("mixed.yml") + ":14: unsupported modifier 'hour' in 'UtcTime|hour'",
        broken.resolve("mixed.yml") + ":23: condition 'selection and filter': unknown search identifier 'filter'",
        broken.resolve("syntax.yaml") + ":5: YAML syntax error: expected ',' or ']', but got :",
        shell + ": OK (1 rule)",
        "3 files: 1 OK, 2 failed; 2 rules loaded");
  }

  @Test
  void checkFailsWhenThereIsNothingToCheck(@TempDir Path empty) {
    assertThat(vigil("rules", "check", empty.toString())).isEqualTo(1);
    assertThat(outLines()).containsExactly("no *.yml or *.yaml files under [" + empty + "]");
  }

  @Test
  void checkResolvesPlaceholders(@TempDir Path dir) throws Exception {
    Path rule = dir.resolve("admins.yml");
    Files.writeString(rule, "title: a\nid: a\nlogsource: {product: linux}\ndetection:\n  s:\n    User|expand: '%Admins%'\n  condition: s\n");
    assertThat(vigil("rules", "check", rule.toString())).isEqualTo(1);
    assertThat(outLines()).first().isEqualTo(rule + ":6: placeholder '%Admins%' is not defined (in 'User|expand')");
    out.getBuffer().setLength(0);
    assertThat(vigil("rules", "check", "--placeholder", "Admins=root,admin", rule.toString())).isZero();
    assertThat(outLines()).first().isEqualTo(rule + ": OK (1 rule)");
  }

  @Test
  void evalPrintsTheMatchesOfEachEventAndReportsBadLines() {
    Path events = fixtures.resolve("events.jsonl");
    assertThat(vigil("rules", "eval", "--rules", fixtures.resolve("rules").toString(), "--events", events.toString(), "--lateness", "0s"))
        .as("bad lines make it fail").isEqualTo(1);
    assertThat(outLines()).containsExactly(
        "{\"line\":1,\"matches\":[\"dcb5ef84-6f11-4189-a53a-6375abc3bed8\"],\"correlations\":[]}",
        "{\"line\":2,\"matches\":[],\"correlations\":[]}",
        "{\"line\":3,\"matches\":[],\"correlations\":[]}",
        "{\"line\":7,\"matches\":[\"failed-login\"],\"correlations\":[]}",
        "{\"line\":8,\"matches\":[\"failed-login\"],\"correlations\":[]}",
        "{\"line\":9,\"matches\":[\"failed-login\"],\"correlations\":[]}",
        "{\"line\":11,\"matches\":[\"failed-login\"],\"correlations\":[\"e0feec73-118f-4d88-9ba1-015e013f8c9b\"]}",
        "{\"line\":12,\"matches\":[\"dcb5ef84-6f11-4189-a53a-6375abc3bed8\"],\"correlations\":[]}");
    assertThat(err.toString().lines().toList()).containsExactly(
        "vigil: " + events + ":4: malformed JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
        "vigil: " + events + ":6: not a JSON object",
        "vigil: " + events + ":10: 'timestamp' must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, got \"yesterday\"");
  }

  @Test
  void evalReportsRuleProblemsAndUsesTheRulesThatLoaded(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("e.jsonl");
    Files.writeString(events, "{\"Image\":\"/opt/xmrig\"}\n");
    Path mixed = fixtures.resolve("broken/mixed.yml");
    assertThat(vigil("rules", "eval", "--rules", mixed.toString(), "--events", events.toString())).isEqualTo(1);
    assertThat(outLines()).containsExactly("{\"line\":1,\"matches\":[\"fine\"]}");
    assertThat(err.toString()).contains("vigil: " + mixed + ":14: unsupported modifier 'hour' in 'UtcTime|hour'");
  }

  @Test
  void evalSaysWhenTheEventsFileCannotBeRead(@TempDir Path dir) {
    Path missing = dir.resolve("missing.jsonl");
    assertThat(vigil("rules", "eval", "--rules", fixtures.resolve("rules").toString(), "--events", missing.toString())).isEqualTo(1);
    assertThat(err.toString().lines().toList()).containsExactly("vigil: cannot read the events file " + missing);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void evalDecidesOpenWindowsAtTheEndOfTheInput(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("few.yml");
    Files.writeString(rules, """
        title: Failed login
        id: failed
        logsource: {product: vigil, category: login}
        detection: {s: {Result: Fail}, condition: s}
        ---
        title: A few failures
        id: few
        correlation: {type: event_count, rules: [failed], timespan: 1h, condition: {lt: 5}}
        """);
    Path events = dir.resolve("e.jsonl");
    Files.writeString(events, "{\"timestamp\":\"2026-03-01T10:00:00Z\",\"Result\":\"Fail\"}\n");
    assertThat(vigil("rules", "eval", "--rules", rules.toString(), "--events", events.toString())).isZero();
    assertThat(outLines()).containsExactly(
        "{\"line\":1,\"matches\":[\"failed\"],\"correlations\":[]}",
        "{\"end\":true,\"correlations\":[\"few\"]}");
  }
  @Test
  void testRunsTheFixturesOfTheBuiltInPack() {
    assertThat(vigil("rules", "test")).isZero();
    List<String> lines = outLines();
    assertThat(lines).contains("OK   rules/linux/reverse_shell.yml (IoT_ReverseShell)", "OK   rules/login/brute_force_success.yml (IoT_BruteForceSuccess)");
    assertThat(lines.getLast()).matches("\\d+ rule files: (\\d+) OK, 0 failed");
    assertThat(lines).noneMatch(l -> l.startsWith("FAIL"));
  }

  @Test
  void testSaysWhichFixtureFailedAndWhyAndFails(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("nc.yml"), """
        title: Netcat run
        id: nc
        logsource: {product: linux, category: process_creation}
        detection: {sel: {Image|endswith: /nc}, condition: sel}
        vigil.alertName: IoT_Netcat
        """);
    String nc = "{\"logsource\":{\"product\":\"linux\",\"category\":\"process_creation\"},\"Image\":\"/bin/nc\"}\n";
    Files.writeString(dir.resolve("nc.positive.jsonl"), nc);
    Files.writeString(dir.resolve("nc.negative.jsonl"), "{\"Image\":\"/bin/ls\"}\n" + nc);
    Files.writeString(dir.resolve("ls.yml"), """
        title: ls run
        id: ls
        logsource: {product: linux, category: process_creation}
        detection: {sel: {Image|endswith: /ls}, condition: sel}
        """);
    Files.writeString(dir.resolve("ls.positive.jsonl"), "{\"Image\":\"/bin/ls\"}\n");
    Files.writeString(dir.resolve("ls.negative.jsonl"), nc);
    assertThat(vigil("rules", "test", dir.toString())).isEqualTo(1);
    assertThat(outLines()).containsExactly(
        "OK   " + dir.resolve("ls.yml") + " (ls run)",
        "FAIL " + dir.resolve("nc.yml") + " (IoT_Netcat)",
        "     " + dir.resolve("nc.negative.jsonl") + ": IoT_Netcat ('Netcat run') fired on line 2",
        "2 rule files: 1 OK, 1 failed");
  }

  @Test
  void testNamesAPathThatDoesNotExist(@TempDir Path dir) {
    assertThat(vigil("rules", "test", dir.resolve("nope").toString())).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("vigil: " + dir.resolve("nope") + ": no such file or directory");
    assertThat(vigil("rules", "test", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("vigil: no *.yml or *.yaml files under [" + dir + "]");
  }
}
