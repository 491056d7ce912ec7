package io.vigil.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.bench.Procs;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.SecurityMessage;
import io.vigil.server.AdminToken;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recommendation latency in the embedded server: from the moment a device's posture snapshot is
 * handed to its MQTT connection to the moment its recommendation is stored and readable. Background
 * devices keep the pipeline busy with ordinary 10-event process messages, as in {@link AlertLatency};
 * each probe device sends one listening ports snapshot with telnet open on every interface, which
 * makes {@code IoT_OpenPorts} Active. A poller reads the Active IoT_OpenPorts rows through {@code POST
 * /api/v1/query} every {@value #POLL_MILLIS} ms, as a portal would: the figures include up to that
 * interval plus one query.
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
      List<RegisteredDevice> bg = new ArrayList<>();
      for (int i = 0; i < background; i++) {
        bg.add(server.registry().create("bg-" + i, null));
      }
      List<RegisteredDevice> probe = new ArrayList<>();
      for (int i = 0; i < probes; i++) {
        probe.add(server.registry().create("probe-" + i, null));
      }
      IngestThroughput.Template ordinary = new IngestThroughput.Template();
      long[] counter = {0};
      SecurityMessageCodec codec = new SecurityMessageCodec();
      MqttLoad.Source bgSource = new MqttLoad.Source() {
        @Override
        public String topic(int device) {
          return DeviceTopics.securityTelemetry(bg.get(device).deviceId());
        }

        @Override
        public byte[] body(int device) {
          return ordinary.next(counter[0]++);
        }
      };
      MqttLoad.Source probeSource = new MqttLoad.Source() {
        @Override
        public String topic(int device) {
          return DeviceTopics.securityTelemetry(probe.get(device).deviceId());
        }

        @Override
        public byte[] body(int device) {
          byte[] body = codec.encode(SecurityMessage.of("1.0.0", "a0e4c1d2-5f6b-4c7d-8e9f-0a1b2c3d4e5f", List.of(new ListeningPorts(
              EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new ListeningPorts.Port(null, null, "0.0.0.0", "23", "TCP", Map.of()),
                  new ListeningPorts.Port(null, null, "127.0.0.1", "8080", "TCP", Map.of()))))));
          sentAt.put(probe.get(device).deviceId(), System.nanoTime());
          return body;
        }
      };
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
            for (JsonNode row : rows) {
              String id = row.get(0).asText();
              Long sent = sentAt.get(id);
              synchronized (latencies) {
                if (sent != null && seen.add(id)) {
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
      try (MqttLoad load = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), background, i -> connect(bg.get(i)), bgSource, 1,
              1_000_000_000L);
          MqttLoad probing = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), probes, i -> connect(probe.get(i)), probeSource, 1,
              seconds * 1_000_000_000L)) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          load.runUntil(System.nanoTime() + 10_000_000L);
          probing.runUntil(System.nanoTime() + 10_000_000L);
        }
        for (long grace = System.nanoTime() + 10_000_000_000L; stored(latencies, seen) < probes && System.nanoTime() < grace; ) {
          load.runUntil(System.nanoTime() + 10_000_000L);
          probing.runUntil(System.nanoTime() + 10_000_000L);
        }
        poller.interrupt();
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| background load | %d devices, %,.0f events/s (10-event messages, 1 a second each) |%n", background,
            load.acked * 10.0 / seconds);
        synchronized (latencies) {
          System.out.printf("| IoT_OpenPorts recommendations Active / snapshots sent | %d / %d |%n", seen.size(), sentAt.size());
          System.out.printf("| recommendation latency, snapshot sent to recommendation readable: p50 / p99 | %.1f ms / %.1f ms |%n",
              latencies.quantileMillis(0.5), latencies.quantileMillis(0.99));
        }
      }
    }
  }

  private static int stored(MqttLoad.Latencies latencies, Set<String> seen) {
    synchronized (latencies) {
      return seen.size();
    }
  }

  private static byte[] connect(RegisteredDevice d) {
    return MqttLoad.deviceConnect("localhost", d.deviceId(), d.primaryKey());
  }
}
