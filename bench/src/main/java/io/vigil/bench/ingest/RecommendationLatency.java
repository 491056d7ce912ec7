package io.vigil.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.bench.Procs;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ListeningPorts;
import io.vigil.server.AdminToken;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recommendation latency in the embedded server: from the moment a device's posture snapshot is
 * handed to its MQTT connection to the moment its recommendation is stored and readable. The load is
 * {@link AlertLatency}'s ({@link ProbeLoad}); each probe device sends one listening ports snapshot
 * with telnet open on every interface, which makes {@code IoT_OpenPorts} Active. A poller reads the
 * Active IoT_OpenPorts rows through {@code POST /api/v1/query} every {@value #POLL_MILLIS} ms, as a
 * portal would: the figures include up to that interval plus one query.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.ingest.RecommendationLatency
 * [BACKGROUND_DEVICES] [PROBES] [SECONDS]} (defaults: 200, 100, 60).
 */
public final class RecommendationLatency {
  private static final int POLL_MILLIS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecommendationLatency() {}

  public static void main(String[] args) throws Exception {
    int background = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Path dir = Files.createTempDirectory("vigil-recommendation-latency-");
    int mqtt = Procs.freePort();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    MqttLoad.Latencies latencies = new MqttLoad.Latencies();
    Set<String> seen = new HashSet<>();
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt), Clock.systemUTC(), a -> {})) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest poll = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/query"))
          .header("Authorization", "Bearer " + AdminToken.read(server.config().dataDir()))
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", "SELECT DeviceId FROM SecurityRecommendation"
              + " WHERE RecommendationName = 'IoT_OpenPorts' AND RecommendationState = 'Active'")))).build();
      Thread poller = Thread.ofPlatform().daemon().name("recommendation-poller").start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            JsonNode rows = JSON.readTree(http.send(poll, HttpResponse.BodyHandlers.ofString()).body()).path("rows");
            long now = System.nanoTime();
            synchronized (latencies) {
              for (JsonNode row : rows) {
                Long sent = sentAt.get(row.get(0).asText());
                if (sent != null && seen.add(row.get(0).asText())) {
                  latencies.add(now - sent);
                }
              }
            }
            Thread.sleep(POLL_MILLIS);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            System.err.println("poll failed: " + e);
          }
        }
      });
      double backgroundRate = ProbeLoad.run(server, mqtt, background, probes, seconds, sentAt,
          now -> new ListeningPorts(EventHeader.at(now, ZoneOffset.UTC), List.of(new ListeningPorts.Port(null, null, "0.0.0.0", "23", "TCP",
              Map.of()), new ListeningPorts.Port(null, null, "127.0.0.1", "8080", "TCP", Map.of()))),
          () -> {
            synchronized (latencies) {
              return seen.size() >= probes;
            }
          });
      poller.interrupt();
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| background load | %d devices, %,.0f events/s (10-event messages, 1 a second each) |%n", background, backgroundRate);
      synchronized (latencies) {
        System.out.printf("| IoT_OpenPorts recommendations Active / snapshots sent | %d / %d |%n", seen.size(), sentAt.size());
        System.out.printf("| recommendation latency, snapshot sent to recommendation readable: p50 / p99 | %.1f ms / %.1f ms |%n",
            latencies.quantileMillis(0.5), latencies.quantileMillis(0.99));
      }
    }
  }
}
