package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agentless detections: what devices and administrators do at the hub (a refused CONNECT, a settings change) reaches the built-in hub rules. */
class HubAlertsServerTest {
  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aConnectWithAForgedSasTokenRaisesIoTInvalidSasTokenForTheDevice() throws Exception {
    int mqtt = freePort();
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt), Clock.systemUTC(),
        alerts::add)) {
      RegisteredDevice gw = server.registry().create("gw-forged", null);
      MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqtt, gw.deviceId(), new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("localhost/" + gw.deviceId() + "/?api-version=2021-04-12");
      String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
      o.setPassword(SasToken.sign(SasToken.deviceResource("localhost", gw.deviceId()), wrongKey, Instant.now().plusSeconds(600))
          .toString().getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> client.connect(o)).hasMessageContaining("Not authorized");
      client.close();
      long deadline = System.currentTimeMillis() + 10_000;
      while (alerts.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    }
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_Invalid_SAS_Token");
      assertThat(a.deviceId()).isEqualTo("gw-forged");
    });
  }

  @Test
  void settingsChangedThroughTheApiRaiseTheDiagnosticSettingAlertsInTheWorkspace() throws Exception {
    int mqtt = freePort();
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    Path data = dir.resolve("data");
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(data, "localhost", 0, mqtt), Clock.systemUTC(), alerts::add)) {
      String token = AdminToken.read(data);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.httpPort();
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/security-groups/lab/settings"))
          .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString("{\"securityMonitoring\": false}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/security-groups/lab/settings"))
          .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(delete.statusCode()).as(delete.body()).isEqualTo(204);

      String sql = "SELECT AlertName, DeviceId, AlertSeverity, ExtendedProperties->>'EvidenceEventIds' IS NOT NULL, Entities->>'Scope'"
          + " FROM SecurityAlert WHERE AlertName LIKE 'IoT_DiagnosticSetting%' ORDER BY AlertName";
      String rows = "[]";
      long deadline = System.currentTimeMillis() + 10_000;
      while (!rows.contains("DeletedFromHub") && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
        HttpResponse<String> q = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query")).header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().createObjectNode().put("sql", sql).toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(q.statusCode()).as(q.body()).isEqualTo(200);
        rows = new ObjectMapper().readTree(q.body()).get("rows").toString();
      }
      assertThat(rows).isEqualTo("[[\"IoT_DiagnosticSettingAddedOrEditedOnHub\",\"(hub)\",\"Low\",true,\"securityGroup:lab\"],"
          + "[\"IoT_DiagnosticSettingDeletedFromHub\",\"(hub)\",\"Low\",true,\"securityGroup:lab\"]]");
    }
    assertThat(alerts).extracting(Alert::alertName)
        .containsExactlyInAnyOrder("IoT_DiagnosticSettingAddedOrEditedOnHub", "IoT_DiagnosticSettingDeletedFromHub");
  }
}
