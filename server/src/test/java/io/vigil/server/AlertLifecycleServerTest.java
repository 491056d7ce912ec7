package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a device publishes the same miner over MQTT again and again, across a server restart;
 * the alert API shows one alert counting them, and resolving it makes the next occurrence a new alert.
 */
class AlertLifecycleServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode call(VigilServer server, String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .header("Authorization", "Bearer " + AdminToken.read(server.config().dataDir()))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void repeatedMinerEventsAreOneAlertAcrossARestartUntilResolved() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    ServerConfig config = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt);
    List<Alert> told = new CopyOnWriteArrayList<>();
    Instant start = Instant.now();
    RegisteredDevice gw;
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), told::add)) {
      gw = server.registry().create("gw-miner", null);
      TestDevice.publish(mqtt, gw, TestAlertApi.miners(start, 6, 0));
      TestDevice.publish(mqtt, gw, TestAlertApi.miners(start.plusSeconds(10), 4, 6));
      JsonNode alerts = TestAlertApi.alertsCounting(server, "gw-miner", 10);
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).path("count").asLong()).isEqualTo(10);
      assertThat(alerts.get(0).path("status").asText()).isEqualTo("New");
      assertThat(alerts.get(0).path("entities").path("User").asText()).isEqualTo("pi");
    }
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), told::add)) {
      TestDevice.publish(mqtt, gw, TestAlertApi.miners(start.plusSeconds(60), 3, 10));
      JsonNode alerts = TestAlertApi.alertsCounting(server, "gw-miner", 13);
      assertThat(alerts).as("the restarted server joins the stored alert").hasSize(1);
      assertThat(alerts.get(0).path("count").asLong()).isEqualTo(13);
      String id = alerts.get(0).path("systemAlertId").asText();

      JsonNode resolved = call(server, "PATCH", "/api/v1/alerts/" + id, "{\"status\":\"Resolved\",\"comment\":\"reimaged\"}");
      assertThat(resolved.path("status").asText()).isEqualTo("Resolved");
      TestDevice.publish(mqtt, gw, TestAlertApi.miners(start.plusSeconds(120), 2, 13));
      alerts = TestAlertApi.alertsCounting(server, "gw-miner", 15);
      assertThat(alerts).extracting(a -> a.path("status").asText() + "/" + a.path("count").asLong())
          .containsExactly("New/2", "Resolved/13");
    }
    assertThat(told).as("told of each new alert once").hasSize(2);
  }
}
