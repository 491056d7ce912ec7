package io.vigil.bench.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.bench.FleetMix;
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
 * span (after a warm-up of a quarter of it, 5 to 30 s, for the JIT), p50/p99 ack latency, the server's CPU and RSS, and checks the stored count.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.ingest.IngestThroughput
 * [REPO_DIR] [DEVICES] [SECONDS] [WINDOW] [MIX]} (defaults: ., 1000, 60, 4, fleet). MIX is {@code fleet}
 * (the {@link FleetMix}, as the engine benchmark) or {@code curl} (every event a download that a
 * built-in rule alerts on: the detections' worst case).
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
    String mix = args.length > 4 ? args[4] : "fleet";
    Template template = Template.named(mix);
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
      long[] counter = {0};
      String[] topics = conns.stream().map(c -> DeviceTopics.securityTelemetry(c.deviceId())).toArray(String[]::new);
      MqttLoad.Source source = new MqttLoad.Source() {
        @Override
        public String topic(int device) {
          return topics[device];
        }

        @Override
        public byte[] body(int device) {
          return template.next(counter[0]++);
        }
      };
      try (MqttLoad load = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), devices, 
          i -> MqttLoad.deviceConnect(conns.get(i).hostName(), conns.get(i).deviceId(), conns.get(i).sharedAccessKey()), source, window, 0)) {
        long warmup = Math.min(30, Math.max(5, seconds / 4));
        load.runUntil(System.nanoTime() + warmup * 1_000_000_000L);
        System.out.printf("warm-up %d s: %d/%d connected, %d messages acknowledged%n", warmup, load.connected(), devices, load.acked);
        long ackedBefore = load.acked;
        long cpuBefore = Procs.cpuTicks(server.pid());
        load.latencies.reset();
        long start = System.nanoTime();
        load.measureFrom = start;
        long end = start + seconds * 1_000_000_000L;
        // Progress every 10 s, so that a long run shows whether the rate holds as the workspace grows.
        for (long slice = start, sliceAcked = ackedBefore, sliceCpu = cpuBefore; slice < end; ) {
          long next = Math.min(end, slice + 10_000_000_000L);
          load.runUntil(next);
          long now = System.nanoTime();
          long acked = load.acked;
          long cpuNow = Procs.cpuTicks(server.pid());
          double span = (now - slice) / 1e9;
          long events = (acked - sliceAcked) * EVENTS_PER_MESSAGE;
          System.out.printf("  %3.0f s: %,.0f events/s, %.1f µs of server CPU per event%n", (now - start) / 1e9, events / span,
              events == 0 ? 0 : (cpuNow - sliceCpu) / 100.0 * 1e6 / events);
          slice = now;
          sliceAcked = acked;
          sliceCpu = cpuNow;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long messages = load.acked - ackedBefore;
        double cpu = (Procs.cpuTicks(server.pid()) - cpuBefore) / 100.0 / elapsed;
        long rss = Procs.rssKb(server.pid());
        long totalAcked = load.acked;
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| event mix | %s |%n", mix);
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

  /**
   * Messages to send, re-stamped for each send with fresh event ids (the hub drops repeated ids) and
   * the current second as the event time. A rotation of pre-encoded bodies: re-stamping is a copy
   * and a few byte writes, so the load generator stays cheap next to the server.
   */
  public static final class Template {
    private static final String TIME = "2026-11-22T12:00:00";
    private final byte[][] bodies;
    private final int[][] idOffsets;
    private final int[][] timeOffsets;
    private long stampedSecond = Long.MIN_VALUE;
    private byte[] stamp;

    /** The {@link #curl()} template, the default of the benchmarks that take no mix. */
    public Template() {
      this(curlEvents());
    }

    /**
     * Ten ProcessCreate events of a curl that downloads to /tmp: the worst case for the
     * detections, as every event matches a built-in rule (download then run) and threat intel
     * checks its URL.
     */
    public static Template curl() {
      return new Template();
    }

    /** 64 different messages of ten {@link FleetMix} events each, the mix the engine benchmark uses. */
    public static Template fleet() {
      java.util.Random random = new java.util.Random(42);
      List<List<SecurityEvent>> messages = new ArrayList<>();
      for (int m = 0; m < 64; m++) {
        List<SecurityEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_MESSAGE; i++) {
          events.add(FleetMix.event(random, header(i)));
        }
        messages.add(events);
      }
      return new Template(messages);
    }

    /** The mix named {@code name}: {@code fleet} or {@code curl}. */
    public static Template named(String name) {
      return switch (name) {
        case "fleet" -> fleet();
        case "curl" -> curl();
        default -> throw new IllegalArgumentException("unknown event mix '" + name + "': use fleet or curl");
      };
    }

    /** One Heartbeat event, as an idle agent sends. */
    public static Template heartbeat() {
      return new Template(List.of(List.of(new io.vigil.model.event.Heartbeat(header(0),
          List.of(new io.vigil.model.event.Heartbeat.Beat(3600, Map.of()))))));
    }

    private static List<List<SecurityEvent>> curlEvents() {
      List<SecurityEvent> events = new ArrayList<>();
      for (int i = 0; i < EVENTS_PER_MESSAGE; i++) {
        events.add(new ProcessCreate(header(i), List.of(new ProcessCreate.Process("/usr/bin/curl", 4000 + i, 1200, "1000",
            "app", "curl -s https://updates.example.com/firmware/manifest.json -o /tmp/manifest.json", Map.of("Cwd", "/opt/app")))));
      }
      return List.of(events);
    }

    private static EventHeader header(int i) {
      Instant t = Instant.parse(TIME + "Z");
      return new EventHeader(PLACEHOLDER + String.format("%02d", i), t, t.atOffset(ZoneOffset.UTC));
    }

    private Template(List<List<SecurityEvent>> messages) {
      bodies = new byte[messages.size()][];
      idOffsets = new int[messages.size()][];
      timeOffsets = new int[messages.size()][];
      for (int m = 0; m < messages.size(); m++) {
        List<SecurityEvent> events = messages.get(m);
        bodies[m] = new SecurityMessageCodec().encode(SecurityMessage.of("1.0.0", "a0e4c1d2-5f6b-4c7d-8e9f-0a1b2c3d4e5f", events));
        String text = new String(bodies[m], StandardCharsets.ISO_8859_1);
        idOffsets[m] = new int[events.size()];
        for (int i = 0; i < events.size(); i++) {
          idOffsets[m][i] = text.indexOf(PLACEHOLDER + String.format("%02d", i));
          if (idOffsets[m][i] < 0) {
            throw new IllegalStateException("event id placeholder " + i + " not found in the encoded message");
          }
        }
        List<Integer> times = new ArrayList<>();
        for (int at = text.indexOf(TIME); at >= 0; at = text.indexOf(TIME, at + 1)) {
          times.add(at);
        }
        timeOffsets[m] = times.stream().mapToInt(Integer::intValue).toArray();
      }
    }

    /** Events per message. */
    public int events() {
      return idOffsets[0].length;
    }

    /** Message {@code n}: its event ids end in the hex of {@code n * events() + i}; its events happened this second. */
    public byte[] next(long n) {
      int m = (int) (n % bodies.length);
      byte[] out = bodies[m].clone();
      for (int i = 0; i < idOffsets[m].length; i++) {
        hex(n * idOffsets[m].length + i, out, idOffsets[m][i] + 24);
      }
      byte[] now = stamp();
      for (int at : timeOffsets[m]) {
        System.arraycopy(now, 0, out, at, now.length);
      }
      return out;
    }

    private byte[] stamp() {
      long second = System.currentTimeMillis() / 1000;
      if (second != stampedSecond) {
        stampedSecond = second;
        stamp = Instant.ofEpochSecond(second).toString().substring(0, TIME.length()).getBytes(StandardCharsets.US_ASCII);
      }
      return stamp;
    }

    /** Writes {@code value} as 12 lower-case hex digits at {@code at}. */
    private static void hex(long value, byte[] out, int at) {
      for (int k = 11; k >= 0; k--) {
        out[at + k] = (byte) Character.forDigit((int) (value & 0xf), 16);
        value >>>= 4;
      }
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
