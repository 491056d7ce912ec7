package io.vigil.bench.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.bench.Procs;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ingest throughput and ack latency of a real {@code vigil server} on this machine: N devices
 * (default 1,000) each publish 10-event security messages at QoS 1 over MQTT 3.1.1, keeping a few
 * in flight, from one selector thread ({@link MqttLoad}) in this process. A PUBACK means the
 * events were decoded, validated and committed to the workspace. Reports events/s over the measured
 * span (after a warm-up), p50/p99 ack latency, the server's CPU and RSS, and checks the stored count.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.ingest.IngestThroughput
 * [REPO_DIR] [DEVICES] [SECONDS] [WINDOW]} (defaults: ., 1000, 60, 4).
 */
public final class IngestThroughput {
  public static final int EVENTS_PER_MESSAGE = 10;
  private static final String PLACEHOLDER = "00000000-0000-4000-8000-0000000000";

  private IngestThroughput() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int window = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    Path dir = Files.createTempDirectory("vigil-ingest-");
    int http = Procs.freePort();
    int mqtt = Procs.freePort();
    Process server = Procs.startServer(repo, dir.resolve("data"), dir.resolve("server.log"), "--http-port", Integer.toString(http),
        "--mqtt-port", Integer.toString(mqtt), "--https-port", "0", "--mqtt-tls-port", "0");
    try {
      Procs.awaitHealthy(http);
      String token = Files.readString(dir.resolve("data/admin.token")).strip();
      List<ConnectionString> conns = createDevices(http, token, devices);
      System.out.printf("%d devices registered; server pid %d; logs in %s%n", devices, server.pid(), dir);
      Template template = new Template();
      long[] counter = {0};
      MqttLoad.Source source = new MqttLoad.Source() {
        @Override
        public String topic(int device) {
          return DeviceTopics.securityTelemetry(conns.get(device).deviceId());
        }

        @Override
        public byte[] body(int device) {
          return template.next(counter[0]++);
        }
      };
      try (MqttLoad load = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), devices, 
          i -> MqttLoad.deviceConnect(conns.get(i).hostName(), conns.get(i).deviceId(), conns.get(i).sharedAccessKey()), source, window, 0)) {
        long warmup = Math.min(15, Math.max(5, seconds / 4));
        load.runUntil(System.nanoTime() + warmup * 1_000_000_000L);
        System.out.printf("warm-up %d s: %d/%d connected, %d messages acknowledged%n", warmup, load.connected(), devices, load.acked);
        long ackedBefore = load.acked;
        long cpuBefore = Procs.cpuTicks(server.pid());
        load.latencies.reset();
        long start = System.nanoTime();
        load.measureFrom = start;
        load.runUntil(start + seconds * 1_000_000_000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long messages = load.acked - ackedBefore;
        double cpu = (Procs.cpuTicks(server.pid()) - cpuBefore) / 100.0 / elapsed;
        long rss = Procs.rssKb(server.pid());
        long totalAcked = load.acked;
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| devices connected | %d of %d |%n", load.connected(), devices);
        System.out.printf("| events stored and acknowledged per second (over %.0f s) | %,.0f (%,.0f messages/s of %d events) |%n",
            elapsed, messages * EVENTS_PER_MESSAGE / elapsed, messages / elapsed, EVENTS_PER_MESSAGE);
        System.out.printf("| ack latency p50 / p99 | %.1f ms / %.1f ms |%n", load.latencies.quantileMillis(0.5), load.latencies.quantileMillis(0.99));
        System.out.printf("| server CPU | %.2f cores (of 2, shared with this load generator); %.1f µs per event |%n", cpu,
            messages == 0 ? 0 : cpu * elapsed * 1e6 / (messages * EVENTS_PER_MESSAGE));
        System.out.printf("| server RSS | %.0f MB |%n", rss / 1024.0);
        load.close();
        long stored = stored(http, token, "SELECT count(*) AS n FROM SecurityIoTRawEvent");
        System.out.printf("| events in the workspace / acknowledged | %,d / %,d |%n", stored, totalAcked * EVENTS_PER_MESSAGE);
      }
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  /** A message, re-stamped with fresh event ids for each send (the hub drops repeated ids). */
  public static final class Template {
    private final byte[] body;
    private final int[] idOffsets;

    /** Ten ProcessCreate events (a curl with a URL, so threat intel has work to do). */
    public Template() {
      this(EVENTS_PER_MESSAGE, (h, i) -> new ProcessCreate(h, List.of(new ProcessCreate.Process("/usr/bin/curl", 4000 + i, 1200, "1000",
          "app", "curl -s https://updates.example.com/firmware/manifest.json -o /tmp/manifest.json", Map.of("Cwd", "/opt/app")))));
    }

    /** One Heartbeat event, as an idle agent sends. */
    public static Template heartbeat() {
      return new Template(1, (h, i) -> new io.vigil.model.event.Heartbeat(h, List.of(new io.vigil.model.event.Heartbeat.Beat(3600, Map.of()))));
    }

    private Template(int count, java.util.function.BiFunction<EventHeader, Integer, SecurityEvent> event) {
      idOffsets = new int[count];
      List<SecurityEvent> events = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        EventHeader h = new EventHeader(PLACEHOLDER + String.format("%02d", i), Instant.parse("2026-11-22T12:00:00Z"),
            Instant.parse("2026-11-22T12:00:00Z").atOffset(ZoneOffset.UTC));
        events.add(event.apply(h, i));
      }
      body = new SecurityMessageCodec().encode(SecurityMessage.of("1.0.0", "a0e4c1d2-5f6b-4c7d-8e9f-0a1b2c3d4e5f", events));
      String text = new String(body, StandardCharsets.ISO_8859_1);
      for (int i = 0; i < count; i++) {
        idOffsets[i] = text.indexOf(PLACEHOLDER + String.format("%02d", i));
        if (idOffsets[i] < 0) {
          throw new IllegalStateException("event id placeholder " + i + " not found in the encoded message");
        }
      }
    }

    /** A copy whose event ids end in the hex of {@code n * 10 + i}. */
    public byte[] next(long n) {
      byte[] out = body.clone();
      for (int i = 0; i < idOffsets.length; i++) {
        String suffix = String.format("%012x", n * idOffsets.length + i);
        byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, out, idOffsets[i] + 24, 12);
      }
      return out;
    }
  }

  static List<ConnectionString> createDevices(int http, String token, int n) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<ConnectionString> out = new ArrayList<>(n);
    JsonFactory json = new JsonFactory();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/v1/devices"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"load-" + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("creating device load-" + i + " failed: " + r.statusCode() + " " + r.body());
      }
      try (JsonParser p = json.createParser(r.body())) {
        while (p.nextToken() != null) {
          if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("connectionString")) {
            p.nextToken();
            out.add(ConnectionString.parse(p.getText()));
          }
        }
      }
    }
    return out;
  }

  static long stored(int http, String token, String sql) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (int attempt = 0; attempt < 10; attempt++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/v1/query"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"" + sql + "\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"rows\"\\s*:\\s*\\[\\s*\\[\\s*\"?(\\d+)").matcher(r.body());
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
      Thread.sleep(500);
    }
    return -1;
  }
}
