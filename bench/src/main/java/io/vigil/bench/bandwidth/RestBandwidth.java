package io.vigil.bench.bandwidth;

import io.vigil.agent.AgentSettings;
import io.vigil.agent.CollectorRegistry;
import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.heartbeat.HeartbeatCollector;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.spool.Priority;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.MessageStatistics;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * What the agent sends upstream per hour at rest, with default settings, on this host: the real
 * periodic collectors (listening ports, local users, system information, firewall, baseline, sbom)
 * and the heartbeat, run on a clock that this harness moves through {@code HOURS} simulated hours
 * (default 24, so that the daily sbom and the 6-hourly baseline count at their real share),
 * their events sent as the agent's outbox sends them, and each message measured as JSON and as
 * the body the agent sends (gzip when that is smaller, level 9, as {@code MessagePacker.body}).
 *
 * <p>An idle host has no process starts, connections, logins or file changes, so the triggered
 * collectors send nothing; they only appear in the heartbeat's statistics. The send rule is the
 * outbox's: the first round goes at once; later, when events of some priority have waited as long
 * as that priority allows (High 2 s, Medium 5 min, Low 30 min), everything waiting goes, in
 * messages of at most 256 KiB of JSON. MQTT framing is counted per PUBLISH (fixed header, topic,
 * packet id, empty properties); keep-alives (PINGREQ, 2 bytes, after 60 s without a packet) and
 * the SAS-token renewal (a reconnect every 50 minutes) are added; IP and TCP headers are not, as
 * in {@code AgentFootprint}'s bytes_sent.
 *
 * <p>A model, not a recording: the live 300-second {@code AgentFootprint} cannot see what the agent
 * sends once an hour or once a day. Usage: {@code java --enable-native-access=ALL-UNNAMED -cp
 * bench/target/benchmarks.jar io.vigil.bench.bandwidth.RestBandwidth [HOURS]}; as root, so that
 * the collectors read what the agent (root) reads.
 */
public final class RestBandwidth {
  private static final List<String> PERIODIC =
      List.of("listening_ports", "local_users", "system_information", "firewall", "baseline", "sbom");
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final int MAX_MESSAGE_BYTES = 256 * 1024;
  private static final String AGENT_ID = "072f3eca-3db0-45ba-8174-fa383bc93caf";
  private static final String DEVICE = "footprint-1";
  /**
   * One reconnect, estimated from the packet layouts and rounded up: CONNECT with user name and SAS
   * token about 220 bytes, SUBSCRIBE to the two twin topics about 70, the twin GET about 35, the
   * PUBACK of its answer 4, DISCONNECT 2.
   */
  private static final int RECONNECT_BYTES = 400;

  private RestBandwidth() {}

  /** A clock the harness moves. */
  private static final class SteppedClock extends Clock {
    Instant now = Instant.parse("2026-11-22T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.systemDefault();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A collected event waiting to be sent. */
  private record Waiting(String collector, SecurityEvent event) {}

  /** Bytes per collector, as JSON and as sent. */
  private static final class Tally {
    final Map<String, long[]> byCollector = new LinkedHashMap<>();
    long messages;
    long json;
    long sent;
    long framing;

    void add(String collector, long jsonBytes, long sentBytes) {
      long[] t = byCollector.computeIfAbsent(collector, c -> new long[2]);
      t[0] += jsonBytes;
      t[1] += sentBytes;
    }
  }

  public static void main(String[] args) throws Exception {
    int hours = args.length > 0 ? Integer.parseInt(args[0]) : 24;
    SteppedClock clock = new SteppedClock();
    CollectorContext ctx = new CollectorContext(Path.of("/"), clock, ZoneId.systemDefault());
    SecurityMessageCodec codec = new SecurityMessageCodec();
    Tally tally = new Tally();
    Map<String, Collector> collectors = new LinkedHashMap<>();
    for (String name : PERIODIC) {
      collectors.put(name, CollectorRegistry.create(name, ctx, AgentConfig.empty(), null));
    }
    collectors.put("heartbeat", new HeartbeatCollector(ctx, () -> statistics(tally),
        () -> List.of(new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.HIGH, 1200, 0, Map.of()),
            new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.LOW, 300, 0, Map.of("MediumDropped", "0"))),
        () -> List.of(new MessageStatistics.Stats(tally.messages, tally.messages, 0, Map.of("BytesSent", Long.toString(tally.sent))))));
    Map<String, Instant> due = new LinkedHashMap<>();
    collectors.keySet().forEach(n -> due.put(n, clock.now));
    Map<Priority, Instant> waitingSince = new EnumMap<>(Priority.class);
    List<Waiting> waiting = new ArrayList<>();
    Instant start = clock.now;
    Instant end = start.plus(Duration.ofHours(hours));
    boolean first = true;
    long started = System.nanoTime();
    for (; clock.now.isBefore(end); clock.now = clock.now.plus(STEP)) {
      for (Map.Entry<String, Collector> c : collectors.entrySet()) {
        String name = c.getKey();
        if (clock.now.isBefore(due.get(name))) {
          continue;
        }
        due.put(name, clock.now.plus(AgentSettings.DEFAULT_INTERVALS.get(name)));
        List<SecurityEvent> events;
        try {
          events = c.getValue().collect();
        } catch (CollectorUnavailableException e) {
          continue; // as the agent: nothing sent, the reason shows in the heartbeat's statistics
        }
        for (SecurityEvent e : events) {
          waiting.add(new Waiting(name, e));
          waitingSince.putIfAbsent(priority(name), clock.now);
        }
      }
      if (!waiting.isEmpty() && (first || isDue(waitingSince, clock.now))) {
        send(waiting, codec, tally);
        waiting.clear();
        waitingSince.clear();
        first = false;
      }
    }
    collectors.values().forEach(Collector::close);
    print(hours, tally, (System.nanoTime() - started) / 1e9);
  }

  private static Priority priority(String collector) {
    return AgentSettings.DEFAULT_PRIORITIES.getOrDefault(collector, Priority.LOW);
  }

  private static boolean isDue(Map<Priority, Instant> waitingSince, Instant now) {
    for (Map.Entry<Priority, Instant> w : waitingSince.entrySet()) {
      if (!now.isBefore(w.getValue().plus(AgentSettings.DEFAULT_PRIORITY_INTERVALS.get(w.getKey())))) {
        return true;
      }
    }
    return false;
  }

  /** Every collector's statistics as the heartbeat reports them; counters only change the digits. */
  private static List<AgentStatistics.Collector> statistics(Tally tally) {
    List<AgentStatistics.Collector> out = new ArrayList<>();
    for (String name : CollectorRegistry.NAMES) {
      out.add(new AgentStatistics.Collector(name, AgentStatistics.Status.OK, tally.messages * 7, tally.messages * 7, 0, null,
          Map.of("IntervalSeconds", Long.toString(AgentSettings.DEFAULT_INTERVALS.getOrDefault(name, Duration.ofMinutes(1)).toSeconds()),
              "CpuMillis", Long.toString(tally.messages * 13))));
    }
    return out;
  }

  /** Packs {@code waiting} into messages of at most 256 KiB of JSON, in order, and tallies them. */
  private static void send(List<Waiting> waiting, SecurityMessageCodec codec, Tally tally) {
    List<Waiting> current = new ArrayList<>();
    long currentBytes = 0;
    for (Waiting w : waiting) {
      long bytes = codec.encode(SecurityMessage.of("0.1.0", AGENT_ID, List.of(w.event()))).length;
      if (!current.isEmpty() && currentBytes + bytes > MAX_MESSAGE_BYTES) {
        tally(current, codec, tally);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(w);
      currentBytes += bytes;
    }
    if (!current.isEmpty()) {
      tally(current, codec, tally);
    }
  }

  /** One message: its body as sent, shared out among its collectors by their JSON share. */
  private static void tally(List<Waiting> parts, SecurityMessageCodec codec, Tally tally) {
    byte[] json = codec.encode(SecurityMessage.of("0.1.0", AGENT_ID, parts.stream().map(Waiting::event).toList()));
    long sent = gzipIfSmaller(json);
    tally.messages++;
    tally.json += json.length;
    tally.sent += sent;
    tally.framing += publishOverhead(sent);
    Map<String, Long> jsonBy = new LinkedHashMap<>();
    long total = 0;
    for (Waiting w : parts) {
      long b = codec.encode(SecurityMessage.of("0.1.0", AGENT_ID, List.of(w.event()))).length;
      jsonBy.merge(w.collector(), b, Long::sum);
      total += b;
    }
    for (Map.Entry<String, Long> e : jsonBy.entrySet()) {
      tally.add(e.getKey(), Math.round((double) json.length * e.getValue() / total), Math.round((double) sent * e.getValue() / total));
    }
  }

  /** The size of the body the agent sends for {@code json}: gzip at level 9 when smaller. */
  static long gzipIfSmaller(byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gzip.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return Math.min(out.size(), json.length);
  }

  /** An MQTT 5 PUBLISH at QoS 1 around a body: fixed header, remaining length, topic, packet id, no properties. */
  static long publishOverhead(long body) {
    int topic = DeviceTopics.securityTelemetry(DEVICE).getBytes(StandardCharsets.UTF_8).length;
    long remaining = 2 + topic + 2 + 1 + body;
    int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
    return 1 + lengthBytes + 2 + topic + 2 + 1;
  }

  private static void print(int hours, Tally tally, double seconds) {
    double perHour = 1.0 / hours;
    // Keep-alives: one PINGREQ per minute without another packet; at rest nearly every minute.
    double pingsPerHour = Math.max(0, 60 - tally.messages * perHour);
    double keepAlive = pingsPerHour * 2;
    double reconnects = 60.0 / 50 * RECONNECT_BYTES;
    System.out.printf("%d simulated hours (%.1f s of collecting on this host), %d messages%n%n", hours, seconds, tally.messages);
    System.out.println("| collector | JSON KB/hour | as sent KB/hour |");
    System.out.println("|---|---:|---:|");
    tally.byCollector.forEach((name, t) ->
        System.out.printf("| %s | %.1f | %.1f |%n", name, t[0] * perHour / 1000, t[1] * perHour / 1000));
    System.out.printf("| MQTT PUBLISH framing (%.1f messages/hour) | | %.1f |%n", tally.messages * perHour, tally.framing * perHour / 1000);
    System.out.printf("| keep-alives (%.0f PINGREQ/hour) | | %.1f |%n", pingsPerHour, keepAlive / 1000);
    System.out.printf("| SAS-token renewal (reconnect every 50 min) | | %.1f |%n", reconnects / 1000);
    System.out.printf("| **total, messages plain** | | **%.1f** |%n",
        (tally.json * perHour + tally.framing * perHour + keepAlive + reconnects) / 1000);
    System.out.printf("| **total, messages gzip when smaller** | | **%.1f** |%n",
        (tally.sent * perHour + tally.framing * perHour + keepAlive + reconnects) / 1000);
  }
}
