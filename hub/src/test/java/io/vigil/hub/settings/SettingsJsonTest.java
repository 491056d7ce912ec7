package io.vigil.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void readsEverySettingAndWritesItBack() throws Exception {
    JsonNode in = json("""
        {"ipMasking": {"mode": "prefix", "ipv4Prefix": 16, "ipv6Prefix": 32}, "twinDataCollection": false,
         "rawEventRetentionDays": 30, "securityMonitoring": false,
         "ipFilter": {"defaultAction": "deny", "rules": [{"name": "lab", "action": "allow", "cidr": "10.9.0.0/16"},
                                                          {"action": "deny", "cidr": "2001:db8::/32"}]},
         "workspace": "eu-1"}""");
    SettingsOverride o = SettingsJson.parse(in, "");
    Settings s = Settings.DEFAULTS.with(o);
    assertThat(s.ipMasking()).isEqualTo(new IpMasking(IpMasking.Mode.PREFIX, 16, 32));
    assertThat(s.twinDataCollection()).isFalse();
    assertThat(s.rawEventRetentionDays()).isEqualTo(30);
    assertThat(s.securityMonitoring()).isFalse();
    assertThat(s.workspace()).isEqualTo("eu-1");
    assertThat(s.ipFilter().rules()).extracting(IpRule::toString).containsExactly("allow 10.9.0.0/16 (lab)", "deny 2001:db8:0:0:0:0:0:0/32");
    assertThat(SettingsJson.parse(SettingsJson.write(s), "")).isEqualTo(o);
  }

  @Test
  void absentFieldsAreNotOverridden() throws Exception {
    SettingsOverride o = SettingsJson.parse(json("{\"securityMonitoring\": false}"), "");
    assertThat(o).isEqualTo(new SettingsOverride(null, null, null, false, null, null));
    assertThat(SettingsJson.write(o).toString()).isEqualTo("{\"securityMonitoring\":false}");
  }

  @Test
  void everyProblemIsReportedWithItsJsonPointer() throws Exception {
    assertThatThrownBy(() -> SettingsJson.parse(json("""
        {"ipMasking": {"mode": "blur", "ipv4Prefix": 33}, "twinDataCollection": "yes", "rawEventRetentionDays": -1,
         "retention": 5, "ipFilter": {"defaultAction": "maybe", "rules": [{"action": "deny", "cidr": "10.0.0.300/8"},
         {"cidr": "10.0.0.0/40"}, "x"]}}"""), ""))
        .isInstanceOf(SettingsException.class)
        .satisfies(e -> assertThat(((SettingsException) e).problems()).containsExactly(
            "/retention: unknown setting; known are [ipFilter, ipMasking, rawEventRetentionDays, securityMonitoring, twinDataCollection, workspace]",
            "/ipMasking/mode: 'blur' is not \"none\", \"prefix\" or \"hash\"",
            "/ipMasking/ipv4Prefix: must be a whole number from 0 to 32, was 33",
            "/twinDataCollection: must be true or false, was \"yes\"",
            "/rawEventRetentionDays: must be a whole number from 0 to 36500 (0 keeps raw events for ever), was -1",
            "/ipFilter/defaultAction: maybe is not \"allow\" or \"deny\"",
            "/ipFilter/rules/0/cidr: '10.0.0.300/8' is not an IPv4/IPv6 address or CIDR",
            "/ipFilter/rules/1/action: is required, \"allow\" or \"deny\"",
            "/ipFilter/rules/1/cidr: '10.0.0.0/40' has prefix /40, which is not between 0 and 32",
            "/ipFilter/rules/2: must be an object such as {\"action\": \"deny\", \"cidr\": \"10.0.0.0/8\"}"));
  }

  @Test
  void aWorkspaceIsANameThatStaysBelowTheWorkspacesDirectory() throws Exception {
    assertThatThrownBy(() -> SettingsJson.parse(json("{\"workspace\": \"../etc\"}"), ""))
        .hasMessage("/workspace: workspace '../etc' must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
    assertThatThrownBy(() -> SettingsJson.parse(json("{\"workspace\": 5}"), ""))
        .hasMessage("/workspace: must be a workspace name, was 5");
  }

  @Test
  void aBodyThatIsNotAnObjectIsRefused() throws Exception {
    assertThatThrownBy(() -> SettingsJson.parse(json("[1]"), ""))
        .hasMessage("/: must be a JSON object of settings");
    assertThatThrownBy(() -> SettingsJson.parse(json("{\"ipMasking\": \"hash\"}"), "/global"))
        .hasMessage("/global/ipMasking: must be an object such as {\"mode\": \"prefix\", \"ipv4Prefix\": 24, \"ipv6Prefix\": 48}");
    assertThatThrownBy(() -> SettingsJson.parse(json("{\"ipMasking\": {}}"), ""))
        .hasMessage("/ipMasking/mode: must be \"none\", \"prefix\" or \"hash\"");
  }

  @Test
  void aDocumentLocatesProblemsInsideItsGroups() throws Exception {
    assertThatThrownBy(() -> SettingsDocument.fromJson(json("""
        {"global": {"securityMonitoring": 1}, "securityGroups": {"lab": {"rawEventRetentionDays": 1.5}, "bad name": {}}, "x": 1}""")))
        .isInstanceOf(SettingsException.class)
        .satisfies(e -> assertThat(((SettingsException) e).problems()).isEqualTo(List.of(
            "/x: unknown; known are [global, securityGroups]",
            "/global/securityMonitoring: must be true or false, was 1",
            "/securityGroups/lab/rawEventRetentionDays: must be a whole number from 0 to 36500 (0 keeps raw events for ever), was 1.5",
            "/securityGroups/bad name: security group 'bad name' must be 1-64 letters, digits, '.', '_' or '-'")));
  }
}
