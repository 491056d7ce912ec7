package io.vigil.detect.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules switched off globally and per group, and exceptions, with the built-in pack's real rules. */
class RuleSettingsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final LiveRuleSettings live = LiveRuleSettings.inMemory(RuleSettings.none());
  private final SigmaDetection detection = new SigmaDetection(SigmaEngine.builder(BuiltInPack.load().rules()).filter(live).build());

  private static DeviceEvent event(String device, String group, long seconds, SecurityEvent e) {
    return new DeviceEvent(device, group, "agent-1", "1.0", T0.plusSeconds(seconds), e);
  }

  private static DeviceEvent nmap(String device, String group, String user) {
    EventHeader h = EventHeader.at(T0, ZoneOffset.UTC);
    return event(device, group, 0, new ProcessCreate(h, List.of(
        new ProcessCreate.Process("/usr/bin/nmap", 10, 1, "0", user, "nmap -sS 10.0.0.0/24", Map.of()))));
  }

  private List<String> alertNames(DeviceEvent e) {
    List<Alert> out = new ArrayList<>();
    detection.evaluate(e, out::add);
    return out.stream().map(Alert::alertName).toList();
  }

  private static RuleSettings.Entry entry(Boolean enabled, Map<String, Boolean> groups, Suppression... exceptions) {
    return new RuleSettings.Entry(enabled, groups, List.of(exceptions));
  }

  @Test
  void aRuleSwitchedOffByItsNameNoLongerAlertsAndOnAgainDoes() {
    assertThat(alertNames(nmap("gw-1", "default", "root"))).containsExactly("IoT_KnownAttackTools");
    live.put("iot_known_attack_tools", entry(false, Map.of()));
    assertThat(alertNames(nmap("gw-1", "default", "root"))).isEmpty();
    live.put("iot_known_attack_tools", entry(true, Map.of()));
    assertThat(alertNames(nmap("gw-1", "default", "root"))).containsExactly("IoT_KnownAttackTools");
  }

  @Test
  void aRuleCanBeOffForOneSecurityGroupOnlyOrOnForOneGroupOnly() {
    live.put("IoT_KnownAttackTools", entry(null, Map.of("pentest", false)));
    assertThat(alertNames(nmap("scanner", "pentest", "root"))).isEmpty();
    assertThat(alertNames(nmap("gw-1", "default", "root"))).containsExactly("IoT_KnownAttackTools");
    live.put("IoT_KnownAttackTools", entry(false, Map.of("dmz", true)));
    assertThat(alertNames(nmap("gw-1", "default", "root"))).isEmpty();
    assertThat(alertNames(nmap("web-1", "dmz", "root"))).containsExactly("IoT_KnownAttackTools");
  }

  @Test
  void anExceptionSuppressesOnlyTheMatchesItCovers() {
    live.put("iot_known_attack_tools", entry(null, Map.of(),
        new Suppression("inventory scans", Map.of("User", List.of("nessus", "svc-*"), "Image", List.of("*/NMAP")))));
    assertThat(alertNames(nmap("gw-1", "default", "svc-inventory"))).as("every field met, case-insensitive, with wildcards").isEmpty();
    assertThat(alertNames(nmap("gw-1", "default", "nessus"))).isEmpty();
    assertThat(alertNames(nmap("gw-1", "default", "root"))).containsExactly("IoT_KnownAttackTools");
  }

  @Test
  void aCorrelationsExceptionMatchesItsGroupByValues() {
    live.put("IoT_BruteForceFailed", entry(null, Map.of(),
        new Suppression("monitoring probe", Map.of("RemoteAddress", List.of("198.51.100.7")))));
    List<String> alerts = new ArrayList<>();
    for (String source : List.of("198.51.100.7", "203.0.113.5")) {
      for (int i = 0; i < 10; i++) {
        EventHeader h = EventHeader.at(T0.plusSeconds(i), ZoneOffset.UTC);
        alerts.addAll(alertNames(event("gw-1", "default", i, new Login(h, List.of(new Login.Attempt(7, null, "root", "LoginFailed", "sshd",
            source, "5000" + i, "22", Login.Result.FAIL, Map.of()))))));
      }
    }
    assertThat(alerts).containsExactly("IoT_BruteForceFailed");
  }

  @Test
  void settingsRoundTripThroughJson() {
    RuleSettings s = new RuleSettings(Map.of("iot_reverse_shell", entry(false, Map.of("lab", true),
        new Suppression("pentest", Map.of("DeviceId", List.of("red-1", "red-2"))))), Duration.ofHours(24), Map.of("lab", Duration.ofMinutes(30)));
    assertThat(RuleSettingsJson.parse(RuleSettingsJson.write(s), "x")).isEqualTo(s);
  }

  @Test
  void badSettingsAreRefusedWithTheirPointer() {
    assertThat(message("{\"rules\": {\"iot_reverse_shell\": {\"enabled\": \"no\"}}}"))
        .isEqualTo("rules-settings.json: /rules/iot_reverse_shell/enabled: true or false is required, was \"no\"");
    assertThat(message("{\"rule\": {}}"))
        .isEqualTo("rules-settings.json: /rule: unknown key (allowed: deviceSilent, rules)");
    assertThat(message("{\"rules\": {\"a/b\": {\"exceptions\": [{\"name\": \"x\", \"fields\": {}}]}}}"))
        .isEqualTo("rules-settings.json: /rules/a~1b/exceptions/0/fields: at least one field condition is required");
    assertThat(message("{\"rules\": {\"r\": {\"exceptions\": [{\"fields\": {\"User\": \"x\"}}]}}}"))
        .isEqualTo("rules-settings.json: /rules/r/exceptions/0/name: a non-empty string is required");
    assertThat(message("{\"rules\": {\"r\": {\"exceptions\": [{\"name\": \"n\", \"fields\": {\"User\": {\"a\": 1}}}]}}}"))
        .isEqualTo("rules-settings.json: /rules/r/exceptions/0/fields/User: a string, number or boolean (or a list of them) is required, was an object");
    assertThat(message("{\"deviceSilent\": {\"expectedInterval\": \"72h\"}}"))
        .isEqualTo("rules-settings.json: /deviceSilent/expectedInterval: an ISO-8601 duration such as \"PT72H\" is required, was \"72h\"");
    assertThat(message("{\"deviceSilent\": {\"groups\": {\"lab\": \"PT0S\"}}}"))
        .isEqualTo("rules-settings.json: /deviceSilent/groups/lab: must be positive, was \"PT0S\"");
    assertThat(message("[1]")).isEqualTo("rules-settings.json: /: an object is required, was an array");
    assertThat(message("{\"rules\": {\"a\": {}, \"a\": {}}}")).startsWith("rules-settings.json:1: malformed JSON: duplicate key 'a'");
    assertThat(message("{\"rules\": ")).startsWith("rules-settings.json:1: malformed JSON: Unexpected end-of-input");
  }

  @Test
  void theFileIsWrittenByPutAndReadAgainWhenEdited(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules-settings.json");
    LiveRuleSettings settings = LiveRuleSettings.open(file);
    assertThat(settings.current()).isEqualTo(RuleSettings.none());
    settings.put("iot_reverse_shell", entry(false, Map.of()));
    assertThat(RuleSettingsJson.parse(Files.readString(file), "f").rules()).containsKey("iot_reverse_shell");
    assertThat(settings.reloadIfChanged()).as("its own write is no change").isEmpty();

    Files.writeString(file, "{\"rules\": {\"IoT_FileModified\": {\"enabled\": false}}}");
    assertThat(settings.reloadIfChanged()).isEmpty();
    assertThat(settings.current().rules()).containsOnlyKeys("IoT_FileModified");

    Files.writeString(file, "{\"rules\": {\"IoT_FileModified\": {\"enabled\": 0}}}");
    assertThat(settings.reloadIfChanged()).hasValue(
        file + ": /rules/IoT_FileModified/enabled: true or false is required, was 0 (the previous settings stay in force)");
    assertThat(settings.current().rules()).containsOnlyKeys("IoT_FileModified");
    assertThat(LiveRuleSettings.open(dir.resolve("none.json")).current()).isEqualTo(RuleSettings.none());
  }

  private static String message(String json) {
    try {
      RuleSettingsJson.parse(json, "rules-settings.json");
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + json);
  }
}
