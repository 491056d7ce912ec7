package io.vigil.bench.ingest;

import io.vigil.bench.Procs;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityMessage;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alert latency in the embedded server: from the moment a device's message is handed to its MQTT
 * connection to the moment the server has stored the alert it raises (the server's alert listener,
 * which runs after the alert is stored). Background devices keep the pipeline busy with ordinary
 * 10-event process messages; each probe device sends one crypto-miner process start, at staggered
 * times, and each raises one new {@code IoT_CryptoMiner} alert. The server runs in this JVM with
 * its defaults (the whole built-in pack, threat intel, anomaly models, custom alerts).
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
          Instant now = Instant.now();
          byte[] body = codec.encode(SecurityMessage.of("1.0.0", "a0e4c1d2-5f6b-4c7d-8e9f-0a1b2c3d4e5f", List.of(new ProcessCreate(
              EventHeader.at(now, ZoneOffset.UTC), List.of(new ProcessCreate.Process("/tmp/.cache/xmrig", 31337, 1, "0", "root",
                  "/tmp/.cache/xmrig -o stratum+tcp://pool.example:3333", Map.of()))))));
          sentAt.put(probe.get(device).deviceId(), System.nanoTime());
          return body;
        }
      };
      try (MqttLoad load = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), background, i -> connect(bg.get(i)), bgSource, 1,
              1_000_000_000L);
          MqttLoad probing = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), probes, i -> connect(probe.get(i)), probeSource, 1,
              seconds * 1_000_000_000L)) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          load.runUntil(System.nanoTime() + 10_000_000L);
          probing.runUntil(System.nanoTime() + 10_000_000L);
        }
        for (long grace = System.nanoTime() + 10_000_000_000L; alerts[0] < probes && System.nanoTime() < grace; ) {
          load.runUntil(System.nanoTime() + 10_000_000L);
          probing.runUntil(System.nanoTime() + 10_000_000L);
        }
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| background load | %d devices, %,.0f events/s (10-event messages, 1 a second each) |%n", background,
            load.acked * 10.0 / seconds);
        synchronized (latencies) {
          System.out.printf("| miner alerts stored / probes sent | %d / %d |%n", alerts[0], probes);
          System.out.printf("| alert latency, message sent to alert stored: p50 / p99 | %.1f ms / %.1f ms |%n",
              latencies.quantileMillis(0.5), latencies.quantileMillis(0.99));
        }
      }
    }
  }

  private static byte[] connect(RegisteredDevice d) {
    return MqttLoad.deviceConnect("localhost", d.deviceId(), d.primaryKey());
  }
}
