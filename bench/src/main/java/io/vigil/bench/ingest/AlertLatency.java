package io.vigil.bench.ingest;

import io.vigil.bench.Procs;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alert latency in the embedded server: from the moment a device's message is handed to its MQTT
 * connection to the moment the server has stored the alert it raises (the server's alert listener,
 * which runs after the alert is stored). Background devices keep the pipeline busy with ordinary
 * 10-event process messages; each probe device sends one crypto-miner process start, at staggered
 * times, and each raises one new {@code IoT_CryptoMiner} alert (see {@link ProbeLoad}). The server
 * runs in this JVM with its defaults (the whole built-in pack, threat intel, anomaly models, custom alerts).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.ingest.AlertLatency
 * [BACKGROUND_DEVICES] [PROBES] [SECONDS]} (defaults: 200, 100, 60). Background devices send one
 * message a second each.
 */
public final class AlertLatency {
  private AlertLatency() {}

  public static void main(String[] args) throws Exception {
    int background = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Path dir = Files.createTempDirectory("vigil-alert-latency-");
    int mqtt = Procs.freePort();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    MqttLoad.Latencies latencies = new MqttLoad.Latencies();
    long[] alerts = {0};
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt), Clock.systemUTC(), a -> {
      Long sent = sentAt.get(a.deviceId());
      if (sent != null && a.alertName().equals("IoT_CryptoMiner")) {
        synchronized (latencies) {
          latencies.add(System.nanoTime() - sent);
          alerts[0]++;
        }
      }
    })) {
      double backgroundRate = ProbeLoad.run(server, mqtt, background, probes, seconds, sentAt,
          now -> new ProcessCreate(EventHeader.at(now, ZoneOffset.UTC), List.of(new ProcessCreate.Process("/tmp/.cache/xmrig", 31337, 1,
              "0", "root", "/tmp/.cache/xmrig -o stratum+tcp://pool.example:3333", Map.of()))),
          () -> {
            synchronized (latencies) {
              return alerts[0] >= probes;
            }
          });
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| background load | %d devices, %,.0f events/s (10-event messages, 1 a second each) |%n", background, backgroundRate);
      synchronized (latencies) {
        System.out.printf("| miner alerts stored / probes sent | %d / %d |%n", alerts[0], probes);
        System.out.printf("| alert latency, message sent to alert stored: p50 / p99 | %.1f ms / %.1f ms |%n",
            latencies.quantileMillis(0.5), latencies.quantileMillis(0.99));
      }
    }
  }
}
