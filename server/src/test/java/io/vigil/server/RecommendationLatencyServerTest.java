package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ListeningPorts;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A posture snapshot sent over MQTT to a real server becomes a recommendation as soon as it is
 * stored: the listening ports snapshot of a device with telnet open on every interface makes
 * IoT_OpenPorts Active, read back through {@code POST /api/v1/query}; a later snapshot without it
 * resolves it. The time it took is printed, not asserted (bench/ingest RecommendationLatency measures it).
 */
class RecommendationLatencyServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dir;

  private static ListeningPorts snapshot(ListeningPorts.Port... ports) {
    return new ListeningPorts(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(ports));
  }

  /** The device's IoT_OpenPorts row (state, description), once it is in {@code state} (or after 10 s, for the assertion to show). */
  private static JsonNode openPorts(VigilServer server, String device, String state) throws Exception {
    String sql = "SELECT RecommendationState, Description FROM SecurityRecommendation WHERE DeviceId = '" + device
        + "' AND RecommendationName = 'IoT_OpenPorts'";
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/query"))
        .header("Authorization", "Bearer " + AdminToken.read(server.config().dataDir()))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", sql)))).build();
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      JsonNode rows = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("rows");
      if ((rows.size() == 1 && rows.get(0).get(0).asText().equals(state)) || System.currentTimeMillis() > deadline) {
        return rows;
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aListeningPortsSnapshotMakesOpenPortsActiveAndALaterOneWithoutItResolvesIt() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt), Clock.systemUTC(), a -> {})) {
      RegisteredDevice gw = server.registry().create("gw-posture", null);
      long sent = System.nanoTime();
      TestDevice.publish(mqtt, gw, List.of(snapshot(new ListeningPorts.Port(null, null, "0.0.0.0", "23", "TCP", Map.of()),
          new ListeningPorts.Port(null, null, "127.0.0.1", "8080", "TCP", Map.of()))));
      JsonNode active = openPorts(server, "gw-posture", "Active");
      System.out.printf("RecommendationLatencyServerTest: IoT_OpenPorts Active %.0f ms after the snapshot was sent%n",
          (System.nanoTime() - sent) / 1e6);
      assertThat(active).hasSize(1);
      assertThat(active.get(0).get(0).asText()).isEqualTo("Active");
      assertThat(active.get(0).get(1).asText()).contains("tcp/23").doesNotContain("8080");

      TestDevice.publish(mqtt, gw, List.of(snapshot(new ListeningPorts.Port(null, null, "127.0.0.1", "8080", "TCP", Map.of()))));
      JsonNode resolved = openPorts(server, "gw-posture", "Resolved");
      assertThat(resolved).hasSize(1);
      assertThat(resolved.get(0).get(0).asText()).isEqualTo("Resolved");
    }
  }
}
