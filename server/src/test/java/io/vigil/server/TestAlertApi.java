package io.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Coin miner runs, which the built-in rules alert on, and the alerts a running test server shows for them. */
final class TestAlertApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestAlertApi() {}

  /** {@code n} runs of /tmp/.x/xmrig a second apart from {@code start}, numbered (pid, threads) from {@code first}. */
  static List<SecurityEvent> miners(Instant start, int n, int first) {
    List<SecurityEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(new ProcessCreate(EventHeader.at(start.plusSeconds(i), ZoneOffset.UTC), List.of(
          new ProcessCreate.Process("/tmp/.x/xmrig", 1000 + first + i, 1, "1000", "pi", "/tmp/.x/xmrig --threads " + (first + i), Map.of()))));
    }
    return events;
  }

  /** The device's alerts from {@code GET /api/v1/alerts} once their counts add up to {@code total} (or after 10 s, for the assertion to show). */
  static JsonNode alertsCounting(VigilServer server, String device, long total) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/alerts?device=" + device))
          .header("Authorization", "Bearer " + AdminToken.read(server.config().dataDir())).build();
      JsonNode alerts = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
      long sum = 0;
      for (JsonNode a : alerts) {
        sum += a.path("count").asLong();
      }
      if (sum >= total || System.currentTimeMillis() > deadline) {
        return alerts;
      }
      Thread.sleep(50);
    }
  }
}
