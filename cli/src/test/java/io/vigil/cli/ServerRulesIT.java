package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import io.vigil.wire.auth.SasToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil server --rules A --rules B}: both directories load, and a rule from each raises its alert. */
class ServerRulesIT {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    VigilProcess.stopAll(processes);
  }

  private static String rule(String id, String alertName, String image) {
    return """
        title: %s run
        id: %s
        status: experimental
        level: medium
        tags: [attack.execution, attack.t1059]
        vigil.alertName: %s
        vigil.remediation: Find out who ran %s and why.
        logsource: {product: linux, category: process_creation}
        detection:
          selection:
            Image|endswith: '/%s'
          condition: selection
        """.formatted(image, id, alertName, image, image);
  }

  private static String query(Path data, String sql) throws Exception {
    VigilProcess.Result r = VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv", sql);
    assertThat(r.exitCode()).as("vigil query stderr: %s", r.stderr()).isZero();
    return r.stdout();
  }

  @Test
  void repeatedRulesOptionsLoadEveryDirectoryAndEachRuleFires() throws Exception {
    Path a = Files.createDirectories(dir.resolve("rules-a"));
    Path b = Files.createDirectories(dir.resolve("rules-b/nested"));
    Files.writeString(a.resolve("alpha.yml"), rule("0b8f5a52-7d61-4c1e-a0c6-1f4f1f7b0a01", "Custom_AlphaTool", "alpha-tool"));
    Files.writeString(b.resolve("beta.yaml"), rule("0b8f5a52-7d61-4c1e-a0c6-1f4f1f7b0a02", "Custom_BetaTool", "beta-tool"));
    Path data = dir.resolve("data");
    int http = VigilProcess.freePort();
    int mqtt = VigilProcess.freePort();
    Path log = dir.resolve("server.log");
    processes.add(VigilProcess.start(log, Map.of(), "server", "--data-dir", data.toString(), "--http-port", Integer.toString(http),
        "--mqtt-port", Integer.toString(mqtt), "--https-port", "0", "--mqtt-tls-port", "0",
        "--rules", a.toString(), "--rules", dir.resolve("rules-b").toString()));
    VigilProcess.awaitHealthy(http, log);
    assertThat(Files.readString(log)).contains("2 user rules from 2 files, 0 problems");

    VigilProcess.Result created = VigilProcess.run("device", "create", "rules-1", "--data-dir", data.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    ConnectionString cs = ConnectionString.parse(created.stdout().trim());
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + cs.port(), cs.deviceId(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(cs.hostName() + "/" + cs.deviceId() + "/?api-version=2021-04-12");
    o.setPassword(SasToken.sign(cs.hostName() + "/devices/" + cs.deviceId(), cs.sharedAccessKey(), Instant.now().plusSeconds(600))
        .toString().getBytes(StandardCharsets.UTF_8));
    client.connect(o);
    ProcessCreate runs = new ProcessCreate(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(
        new ProcessCreate.Process("/opt/a/alpha-tool", 100, 1, "0", "root", "alpha-tool --go", Map.of()),
        new ProcessCreate.Process("/opt/b/beta-tool", 101, 1, "0", "root", "beta-tool --go", Map.of())));
    byte[] body = new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "6d1f0c3e-2b4a-4f5e-8a9b-0c1d2e3f4a5b", List.of(runs)));
    client.publish(DeviceTopics.securityTelemetry(cs.deviceId()), new MqttMessage(body, 1, false, new MqttProperties()));
    client.disconnect();
    client.close();

    String sql = "SELECT AlertName FROM SecurityAlert WHERE DeviceId = 'rules-1' ORDER BY AlertName";
    VigilProcess.await("an alert from each rule directory", Duration.ofSeconds(30), log,
        () -> query(data, sql).contains("Custom_BetaTool"));
    assertThat(query(data, sql).lines().skip(1).toList()).containsExactly("Custom_AlphaTool", "Custom_BetaTool");
  }

  @Test
  void aBadAllowedLatenessStopsTheServerWithTheReason() throws Exception {
    String data = dir.resolve("data").toString();
    VigilProcess.Result tooLong = VigilProcess.run("server", "--data-dir", data, "--allowed-lateness", "2d", "--http-port", "0");
    assertThat(tooLong.exitCode()).isEqualTo(1);
    assertThat(tooLong.stderr())
        .contains("vigil: allowed lateness PT48H is above the maximum of PT24H (windows are held open that long past their end)");
    VigilProcess.Result notADuration = VigilProcess.run("server", "--data-dir", data, "--allowed-lateness", "soon");
    assertThat(notADuration.exitCode()).isNotZero();
    assertThat(notADuration.stderr()).contains("'soon' is not a duration; write for example 500ms, 60s, 5m, 1h or PT1M");
  }
}
