package io.vigil.detect.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.custom.CustomAlertRule.ListMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The custom alerts' JSON: what it reads, and the exact message for each thing it refuses. */
class CustomAlertsJsonTest {
  @TempDir Path dir;

  @Test
  void readsListAndRangeRulesAndWritesWhatItReads() {
    List<CustomAlertRule> rules = CustomAlertsJson.parseGroup("""
        {"customAlerts": [
          {"type": "ProcessNotAllowed", "list": "allow", "values": ["/usr/bin/*"]},
          {"type": "ProcessNotAllowed", "list": "deny", "enabled": false, "values": ["/usr/bin/nc"]},
          {"type": "ConnectionToIpNotAllowed", "list": "deny", "values": ["203.0.113.0/24", "2001:db8::1"]},
          {"type": "FailedLocalLoginsNotInAllowedRange", "min": 0, "max": 5, "window": "PT5M"}]}""", "body");
    assertThat(rules).containsExactly(
        CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.ALLOW, true, List.of("/usr/bin/*")),
        CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.DENY, false, List.of("/usr/bin/nc")),
        CustomAlertRule.list(CustomAlertType.CONNECTION_TO_IP, ListMode.DENY, true, List.of("203.0.113.0/24", "2001:db8::1")),
        CustomAlertRule.range(CustomAlertType.FAILED_LOCAL_LOGINS, true, 0, 5, Duration.ofMinutes(5)));
    CustomAlerts all = new CustomAlerts(Map.of("lab", rules, "default", List.of(rules.get(3))));
    assertThat(CustomAlertsJson.parse(CustomAlertsJson.write(all), "f")).isEqualTo(all);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"customAlerts\": [{\"type\": \"ProcessAllowed\", \"list\": \"allow\", \"values\": [\"a\"]}]}"
          + "|body: /customAlerts/0/type: unknown custom alert type \"ProcessAllowed\" (supported: ConnectionToIpNotAllowed,"
          + " ConnectionFromIpNotAllowed, LocalUserNotAllowed, ProcessNotAllowed, ActiveConnectionsNotInAllowedRange,"
          + " FailedLocalLoginsNotInAllowedRange, MqttD2CMessagesNotInAllowedRange, HttpD2CMessagesNotInAllowedRange,"
          + " TwinUpdatesNotInAllowedRange, UnauthorizedOperationsNotInAllowedRange,"
          + " MqttC2DMessagesNotInAllowedRange, MqttC2DRejectedMessagesNotInAllowedRange)",
      "{\"customAlerts\": [{\"type\": \"AmqpD2CMessagesNotInAllowedRange\", \"min\": 0, \"max\": 1, \"window\": \"PT5M\"}]}"
          + "|body: /customAlerts/0/type: AmqpD2CMessagesNotInAllowedRange is not supported: Vigil has no AMQP endpoint, so it"
          + " could never fire",
      "{\"customAlerts\": [{\"type\": \"QueuePurgesNotInAllowedRange\", \"min\": 0, \"max\": 1, \"window\": \"PT5M\"}]}"
          + "|body: /customAlerts/0/type: QueuePurgesNotInAllowedRange is not supported: Vigil has no cloud-to-device queue to"
          + " purge, so it could never fire",
      "{\"customAlerts\": [{\"type\": \"ConnectionToIpNotAllowed\", \"list\": \"deny\", \"values\": [\"10.0.0.0/8\", \"10.0.0.300\"]}]}"
          + "|body: /customAlerts/0/values/1: an IP address or CIDR network is required, was \"10.0.0.300\"",
      "{\"customAlerts\": [{\"type\": \"ProcessNotAllowed\", \"values\": [\"a\"]}]}"
          + "|body: /customAlerts/0/list: \"allow\" or \"deny\" is required, was null",
      "{\"customAlerts\": [{\"type\": \"ProcessNotAllowed\", \"list\": \"block\", \"values\": [\"a\"]}]}"
          + "|body: /customAlerts/0/list: \"allow\" or \"deny\" is required, was \"block\"",
      "{\"customAlerts\": [{\"type\": \"ProcessNotAllowed\", \"list\": \"allow\", \"values\": []}]}"
          + "|body: /customAlerts/0/values: 1 to 10000 values are required, were 0",
      "{\"customAlerts\": [{\"type\": \"ProcessNotAllowed\", \"list\": \"allow\", \"values\": [\"a\", 7]}]}"
          + "|body: /customAlerts/0/values/1: a non-empty string is required, was 7",
      "{\"customAlerts\": [{\"type\": \"ProcessNotAllowed\", \"list\": \"allow\", \"values\": [\"a\"], \"min\": 1}]}"
          + "|body: /customAlerts/0/min: unknown key (allowed: enabled, list, type, values)",
      "{\"customAlerts\": [{\"type\": \"TwinUpdatesNotInAllowedRange\", \"max\": 1, \"window\": \"PT5M\"}]}"
          + "|body: /customAlerts/0/min: required for a range rule",
      "{\"customAlerts\": [{\"type\": \"TwinUpdatesNotInAllowedRange\", \"min\": 3, \"max\": 1, \"window\": \"PT5M\"}]}"
          + "|body: /customAlerts/0/max: must be at least min (3), was 1",
      "{\"customAlerts\": [{\"type\": \"TwinUpdatesNotInAllowedRange\", \"min\": -1, \"max\": 1, \"window\": \"PT5M\"}]}"
          + "|body: /customAlerts/0/min: must be 0 or more, was -1",
      "{\"customAlerts\": [{\"type\": \"TwinUpdatesNotInAllowedRange\", \"min\": 0, \"max\": 1.5, \"window\": \"PT5M\"}]}"
          + "|body: /customAlerts/0/max: a whole number is required, was 1.5",
      "{\"customAlerts\": [{\"type\": \"TwinUpdatesNotInAllowedRange\", \"min\": 0, \"max\": 1, \"window\": \"PT5S\"}]}"
          + "|body: /customAlerts/0/window: must be from PT10S to PT168H, was \"PT5S\"",
      "{\"customAlerts\": [{\"type\": \"TwinUpdatesNotInAllowedRange\", \"min\": 0, \"max\": 1, \"window\": \"5 minutes\"}]}"
          + "|body: /customAlerts/0/window: an ISO-8601 duration such as \"PT72H\" is required, was \"5 minutes\"",
      "{\"customAlerts\": [{\"type\": \"TwinUpdatesNotInAllowedRange\", \"min\": 0, \"max\": 1, \"window\": \"PT5M\", \"enabled\": \"no\"}]}"
          + "|body: /customAlerts/0/enabled: true or false is required, was \"no\"",
      "{\"customAlerts\": [{\"type\": \"ProcessNotAllowed\", \"list\": \"allow\", \"values\": [\"a\"]},"
          + " {\"type\": \"ProcessNotAllowed\", \"list\": \"allow\", \"values\": [\"b\"]}]}"
          + "|body: /customAlerts/1: a second ProcessNotAllowed allow-list; give each rule once (add to /customAlerts/0)",
      "{\"customAlerts\": {}}|body: /customAlerts: an array is required, was an object",
      "{\"rules\": []}|body: /rules: unknown key (allowed: customAlerts)",
      "{}|body: /customAlerts: an array of rules is required (an empty one removes the group's rules)",
  })
  void refusesBadRulesSayingWhereAndWhat(String json, String message) {
    assertThatThrownBy(() -> CustomAlertsJson.parseGroup(json, "body")).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void refusesMalformedJsonWithItsLine() {
    assertThatThrownBy(() -> CustomAlertsJson.parseGroup("{\"customAlerts\": [\n}", "body"))
        .hasMessageStartingWith("body:2: malformed JSON: Unexpected close marker '}'");
  }

  @Test
  void refusesABadGroupNameInTheFile() {
    assertThatThrownBy(() -> CustomAlertsJson.parse("{\"groups\": {\"no way\": []}}", "custom-alerts.json"))
        .hasMessageStartingWith("custom-alerts.json: /groups/no way: ");
  }

  @Test
  void liveRulesAreSavedReadBackAndAFileEditIsPickedUpWhileABadOneKeepsThePreviousRules() throws Exception {
    Path file = dir.resolve("custom-alerts.json");
    LiveCustomAlerts live = LiveCustomAlerts.open(file);
    assertThat(live.current()).isEqualTo(CustomAlerts.none());
    CustomAlertRule rule = CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 1, 9, Duration.ofMinutes(1));
    live.put("lab", List.of(rule));
    assertThat(LiveCustomAlerts.open(file).current().rules("lab")).containsExactly(rule);
    assertThat(dir.resolve("custom-alerts.json.tmp")).doesNotExist();

    Files.writeString(file, "{\"groups\": {\"lab\": []}}");
    assertThat(live.reloadIfChanged()).isEmpty();
    assertThat(live.current().rules("lab")).isEmpty();

    live.put("lab", List.of(rule));
    Files.writeString(file, "{\"groups\": {\"lab\": [{\"type\": \"Nope\"}]}}");
    assertThat(live.reloadIfChanged()).hasValueSatisfying(p -> assertThat(p).startsWith(file + ": /groups/lab/0/type: unknown custom"
        + " alert type \"Nope\"").endsWith(" (the previous settings stay in force)"));
    assertThat(live.current().rules("lab")).containsExactly(rule);
    assertThat(live.reloadIfChanged()).as("reported once").isEmpty();
  }

  @Test
  void anEmptyListRemovesTheGroup() {
    LiveCustomAlerts live = LiveCustomAlerts.inMemory(CustomAlerts.none());
    live.put("lab", List.of(CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 1, 9, Duration.ofMinutes(1))));
    live.put("lab", List.of());
    assertThat(live.current().groups()).isEmpty();
  }
}
