package io.vigil.agent.collect.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.OSBaseline.CheckSeverity;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
  /** A valid check object on one line, with {@code extra} fields (JSON members) before its closing brace. */
  static String check(String id, String extra) {
    return "{\"id\": \"" + id + "\", \"group\": \"test\", \"title\": \"T " + id + "\", \"severity\": \"Warning\", "
        + "\"rationale\": \"R\", \"remediation\": \"M\", \"type\": \"file_exists\", \"params\": {\"path\": \"/etc/x\"}"
        + (extra.isEmpty() ? "" : ", " + extra) + "}";
  }

  private static Policy load(String text) {
    return PolicyLoader.load("test.json", text);
  }

  private static Set<String> ids(Policy p) {
    return p.checks().stream().map(CheckSpec::id).collect(Collectors.toSet());
  }

  private static java.util.List<String> messages(Policy p) {
    return p.problems().stream().map(Policy.Problem::message).toList();
  }

  @Test
  void theBuiltInPolicyLoadsWithoutProblemsAndCoversEveryGroupAndType() throws Exception {
    String text;
    try (InputStream in = BaselineCollector.class.getResourceAsStream("debian.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Policy policy = PolicyLoader.load("debian.json", text);

    assertThat(messages(policy)).isEmpty();
    assertThat(policy.checks()).hasSizeGreaterThanOrEqualTo(80);
    assertThat(policy.checks()).extracting(CheckSpec::group).contains("filesystem", "sysctl", "ssh", "accounts",
        "permissions", "services", "logging", "auditing", "cron", "suid", "firewall", "password", "modules");
    assertThat(policy.checks().stream().map(CheckSpec::type).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(CheckTypes.NAMES);
    assertThat(policy.checks()).allSatisfy(c -> {
      assertThat(c.id()).matches("VB-[A-Z]+-\\d{3}");
      assertThat(c.title()).isNotBlank().doesNotEndWith(".");
      assertThat(c.rationale()).isNotBlank().endsWith(".");
      assertThat(c.remediation()).isNotBlank();
    });
  }

  @Test
  void readsEveryFieldOfACheck() {
    Policy policy = load("{\"policy\": \"t\", \"version\": 1, \"checks\": [\n"
        + check("VB-T-001", "\"cis\": \"Ensure x\", \"requires_package\": [\"a\", \"b\"], \"requires_path\": \"/etc/y\"")
        + "\n]}");
    assertThat(messages(policy)).isEmpty();
    CheckSpec c = policy.checks().getFirst();
    assertThat(c).extracting(CheckSpec::id, CheckSpec::group, CheckSpec::title, CheckSpec::severity, CheckSpec::rationale,
            CheckSpec::remediation, CheckSpec::cis, CheckSpec::requiresPackages, CheckSpec::requiresPath, CheckSpec::type,
            CheckSpec::line)
        .containsExactly("VB-T-001", "test", "T VB-T-001", CheckSeverity.WARNING, "R", "M", "Ensure x", java.util.List.of("a", "b"),
            "/etc/y", "file_exists", 2);
    assertThat(c.probe()).isEqualTo(new FilePresence("/etc/x", true));
  }

  @Test
  void aSyntaxErrorCostsOnlyItsCheckAndSaysWhere() {
    Policy policy = load("{\"checks\": [\n"
        + check("VB-T-001", "") + ",\n"
        + "{\"id\": \"VB-T-002\", \"group\": \"test\" \"title\": \"oops\"},\n"
        + check("VB-T-003", "") + "\n]}");

    assertThat(messages(policy)).containsExactly("test.json line 3, column 36: Unexpected character ('\"' (code 34)): "
        + "was expecting comma to separate Object entries (check VB-T-002 is skipped)");
    assertThat(policy.problems().getFirst().checkId()).isEqualTo("VB-T-002");
    assertThat(ids(policy)).containsExactlyInAnyOrder("VB-T-001", "VB-T-003");
  }

  @Test
  void aMissingCommaBetweenChecksIsReportedAndBothLoad() {
    Policy policy = load("{\"checks\": [\n" + check("VB-T-001", "") + "\n  " + check("VB-T-002", "") + "\n]}");
    assertThat(messages(policy)).containsExactly("test.json line 3, column 3: expected ',' or ']' after a check, found '{'");
    assertThat(ids(policy)).containsExactlyInAnyOrder("VB-T-001", "VB-T-002");
  }

  @Test
  void aTruncatedFileKeepsTheChecksBeforeTheCut() {
    String text = "{\"checks\": [\n" + check("VB-T-001", "") + ",\n" + check("VB-T-002", "");
    Policy cut = load(text.substring(0, text.length() - 20));
    assertThat(messages(cut)).singleElement().asString()
        .startsWith("test.json line 3, column ")
        .contains("Unexpected end-of-input")
        .endsWith("(check VB-T-002 is skipped)");
    assertThat(ids(cut)).containsExactly("VB-T-001");

    Policy unclosed = load("{\"checks\": [\n" + check("VB-T-001", "") + ",\n");
    assertThat(messages(unclosed)).containsExactly("test.json line 3, column 1: the 'checks' array is not closed (truncated file?)");
    assertThat(ids(unclosed)).containsExactly("VB-T-001");
  }

  @Test
  void reportsAnUnknownType() {
    Policy policy = load("{\"checks\": [\n" + check("VB-T-001", "").replace("file_exists", "file_exist") + "]}");
    assertThat(messages(policy)).containsExactly("test.json line 2: check VB-T-001: unknown type 'file_exist'; known types: "
        + String.join(", ", CheckTypes.NAMES));
    assertThat(policy.checks()).isEmpty();
  }

  @Test
  void reportsMissingFieldsAndABadSeverityNamingTheCheckAndField() {
    Policy policy = load("{\"checks\": [\n"
        + check("VB-T-001", "").replace("\"severity\": \"Warning\", ", "") + ",\n"
        + check("VB-T-002", "").replace("\"Warning\"", "\"High\"") + ",\n"
        + check("VB-T-003", "").replace("\"title\": \"T VB-T-003\", ", "").replace("\"R\"", "\"\"") + ",\n"
        + check("VB-T-004", "").replace("\"id\": \"VB-T-004\", ", "") + ",\n"
        + check("VB-T-005", "") + "]}");

    assertThat(messages(policy)).containsExactly(
        "test.json line 2: check VB-T-001: missing field 'severity'",
        "test.json line 3: check VB-T-002: field 'severity' is 'High'; expected one of Critical, Important, Warning, Informational",
        "test.json line 4: check VB-T-003: missing field 'title'",
        "test.json line 4: check VB-T-003: field 'rationale' must be a non-empty string, found the string ''",
        "test.json line 5: check without an id: missing field 'id'");
    assertThat(ids(policy)).containsExactly("VB-T-005");
    assertThat(policy.problems()).extracting(Policy.Problem::checkId)
        .containsExactly("VB-T-001", "VB-T-002", "VB-T-003", "VB-T-003", null);
  }

  @Test
  void reportsBadParamsWithTheirName() {
    Policy policy = load("{\"checks\": [\n"
        + check("VB-T-001", "").replace("{\"path\": \"/etc/x\"}", "{\"path\": \"/etc/x\", \"mode\": \"0600\"}") + ",\n"
        + check("VB-T-002", "").replace("file_exists", "file_permissions").replace("{\"path\": \"/etc/x\"}",
            "{\"path\": \"/etc/x\", \"max_mode\": 640}") + ",\n"
        + check("VB-T-003", "").replace("file_exists", "file_permissions").replace("{\"path\": \"/etc/x\"}",
            "{\"path\": \"/etc/x\", \"max_mode\": \"0999\"}") + ",\n"
        + check("VB-T-004", "").replace("file_exists", "file_contains").replace("{\"path\": \"/etc/x\"}",
            "{\"files\": \"/etc/x\", \"pattern\": \"(\"}") + ",\n"
        + check("VB-T-005", "").replace("file_exists", "config_value").replace("{\"path\": \"/etc/x\"}",
            "{\"file\": \"/etc/x\", \"syntax\": \"space\", \"key\": \"K\"}") + ",\n"
        + check("VB-T-006", "").replace("{\"path\": \"/etc/x\"}", "[]") + ",\n"
        + check("VB-T-007", "").replace("{\"path\": \"/etc/x\"}", "{\"path\": \"etc/x\"}") + ",\n"
        + check("VB-T-008", "").replace("file_exists", "sysctl").replace("{\"path\": \"/etc/x\"}",
            "{\"key\": \"net.ipv4.ip_forward\", \"at_most\": \"1\"}") + ",\n"
        + check("VB-T-001", "") + "]}");

    assertThat(messages(policy)).containsExactly(
        "test.json line 2: check VB-T-001: unknown parameter 'mode' for type 'file_exists'; it takes path",
        "test.json line 3: check VB-T-002: params.max_mode must be a string, found the number 640",
        "test.json line 4: check VB-T-003: params.max_mode '0999' is not an octal mode such as 0640",
        "test.json line 5: check VB-T-004: params.pattern '(' is not a valid regular expression: Unclosed group",
        "test.json line 6: check VB-T-005: params need one of equals, one_of, not_one_of, at_least, at_most, contains_none, all_bits",
        "test.json line 7: check VB-T-006: field 'params' must be an object, found an array",
        "test.json line 8: check VB-T-007: params.path 'etc/x' must be an absolute path",
        "test.json line 9: check VB-T-008: params.at_most must be an integer, found the string '1'",
        "test.json line 10: check VB-T-001: duplicate id (first defined at line 2)");
    assertThat(policy.checks()).isEmpty();
  }

  @Test
  void reportsUnknownFieldsAndTheShapeOfThePolicy() {
    assertThat(messages(load("[]"))).containsExactly("test.json line 1, column 1: expected a JSON object with a 'checks' array");
    assertThat(messages(load("{\"policy\": \"x\"}"))).containsExactly("test.json: the policy has no 'checks' array");
    assertThat(messages(load("{\"checks\": {}}"))).containsExactly("test.json line 1: 'checks' must be an array, found an object");
    assertThat(messages(load("{\"version\": 2, \"sheck\": 1, \"checks\": [5, " + check("VB-T-001", "\"sevrity\": 1") + "]}")))
        .containsExactly(
            "test.json line 1: 'version' is the number 2; this agent reads version 1",
            "test.json line 1: unknown field 'sheck' in the policy",
            "test.json line 1: expected a check object, found the number 5",
            "test.json line 1: check VB-T-001: unknown field 'sevrity'");
  }

  @Test
  void readsFieldsAfterTheChecksAndRefusesTrailingContent() {
    Policy ok = load("{\"checks\": [" + check("VB-T-001", "") + "], \"version\": 1, \"description\": \"d\"}\n");
    assertThat(messages(ok)).isEmpty();
    assertThat(ids(ok)).containsExactly("VB-T-001");

    assertThat(messages(load("{\"checks\": [" + check("VB-T-001", "") + "],\n \"bogus\": true}")))
        .containsExactly("test.json line 2: unknown field 'bogus' in the policy");
    assertThat(messages(load("{\"checks\": []} trailing")))
        .containsExactly("test.json line 1, column 16: unexpected content after the policy object");
    assertThat(messages(load("{\"checks\": []")))
        .containsExactly("test.json line 1, column 14: expected '}' to close the policy");
  }

  @Test
  void aSyntaxErrorBeforeTheChecksStillLoadsThem() {
    Policy policy = load("{\"description\": \"unterminated, \n \"checks\": [" + check("VB-T-001", "") + "]}");
    assertThat(messages(policy)).singleElement().asString().startsWith("test.json line 1, column ");
    assertThat(ids(policy)).containsExactly("VB-T-001");
  }
}
