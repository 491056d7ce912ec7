package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.RegisteredDevice;
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
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin recommendations end to end: desired properties set through the API, the device's report
 * (in the form Vigil's agent sends it) over MQTT, the recommendations in the workspace, Active and
 * then Resolved once the twin is fixed, one row each.
 */
class TwinRecommendationsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode call(VigilServer server, String method, String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .header("Authorization", "Bearer " + AdminToken.read(server.config().dataDir()))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The rows of {@code sql} once they read {@code expected} (recommendations are stored asynchronously), else the last ones. */
  private String awaitRows(VigilServer server, String sql, String expected) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    String rows;
    do {
      Thread.sleep(50);
      rows = call(server, "POST", "/api/v1/query", JSON.createObjectNode().put("sql", sql).toString()).get("rows").toString();
    } while (!rows.equals(expected) && System.currentTimeMillis() < deadline);
    return rows;
  }

  private static void report(MqttClient device, int rid, String reported) throws Exception {
    device.publish("$iothub/twin/PATCH/properties/reported/?$rid=" + rid,
        new MqttMessage(reported.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
  }

  @Test
  void aBlindSettingAndARefusedKeyAreRecommendationsUntilTheTwinIsFixed() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt), Clock.systemUTC(), a -> { })) {
      RegisteredDevice gw = server.registry().create("gw-twin", null);
      MqttClient device = new MqttClient("tcp://127.0.0.1:" + mqtt, gw.deviceId(), new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("localhost/gw-twin/?api-version=2021-04-12");
      o.setPassword(SasToken.sign(SasToken.deviceResource("localhost", "gw-twin"), gw.primaryKey(), Instant.now().plusSeconds(600))
          .toString().getBytes(StandardCharsets.UTF_8));
      device.connect(o);
      try {
        JsonNode twin = call(server, "PATCH", "/api/v1/devices/gw-twin/twin",
            "{\"desired\": {\"Process_Disabled\": true, \"Process_Interval\": \"soon\"}}");
        long version = twin.path("desired").path("$version").asLong();
        report(device, 1, """
            {"latest_state": "failed", "latest_invalid_fields": ["Process_Interval"],
             "latest_errors": ["Process_Interval: 'soon' is not a duration"], "latest_desired_version": %d,
             "configuration": {"Process_Disabled": true}}""".formatted(version));
        String sql = "SELECT RecommendationName, RecommendationState, AdditionalData->>'Subject', count(*) OVER (PARTITION BY RecommendationId)"
            + " FROM SecurityRecommendation WHERE DeviceId = 'gw-twin' ORDER BY RecommendationName";
        String active = "[[\"IoT_TwinConfigurationConflict\",\"Active\",\"Process_Interval\",1],"
            + "[\"IoT_TwinConfigurationNotOptimal\",\"Active\",\"Process_Disabled\",1]]";
        assertThat(awaitRows(server, sql, active)).isEqualTo(active);

        twin = call(server, "PATCH", "/api/v1/devices/gw-twin/twin", "{\"desired\": {\"Process_Disabled\": null, \"Process_Interval\": null}}");
        report(device, 2, """
            {"latest_state": "success", "latest_invalid_fields": [], "latest_errors": [], "latest_desired_version": %d,
             "configuration": {"Process_Disabled": null}}""".formatted(twin.path("desired").path("$version").asLong()));
        String resolved = "[[\"IoT_TwinConfigurationConflict\",\"Resolved\",\"Process_Interval\",1],"
            + "[\"IoT_TwinConfigurationNotOptimal\",\"Resolved\",\"Process_Disabled\",1]]";
        assertThat(awaitRows(server, sql, resolved)).isEqualTo(resolved);
      } finally {
        device.disconnect();
        device.close();
      }
    }
  }
}
