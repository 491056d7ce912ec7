package io.vigil.bench.custom;

import io.vigil.detect.custom.CustomAlertDetection;
import io.vigil.detect.custom.CustomAlertRule;
import io.vigil.detect.custom.CustomAlertRule.ListMode;
import io.vigil.detect.custom.CustomAlertType;
import io.vigil.detect.custom.CustomAlerts;
import io.vigil.detect.custom.LiveCustomAlerts;
import io.vigil.detect.custom.MessageCounts;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of custom alerts per event on one pipeline shard, with a group that has a process
 * allow-list ({@code values} entries: nine in ten exact paths, one in ten with a {@code *}), an
 * outbound deny-list of as many CIDR networks, and three range rules. Each benchmark call evaluates
 * one event (ops/s = events/s) from a cycle of 4,096 events of 1,000 devices: processes (half on
 * the list) and outbound connections (a tenth denied), over 41 seconds of event time. The cycle
 * replays the same times, so after the first pass every event is late and counts in its device's
 * open window: this measures the steady per-event cost (deciding a window happens once per device,
 * rule and window length, and is not in it).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class CustomAlertsBenchmark {
  private static final int EVENTS = 4096;
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Param({"10", "1000"})
  public int values;

  private CustomAlertDetection detection;
  private final DeviceEvent[] events = new DeviceEvent[EVENTS];
  private int next;

  @Setup
  public void build() {
    List<String> allowed = new ArrayList<>();
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      allowed.add(i % 10 == 9 ? "/opt/app" + i + "/*" : "/usr/bin/tool" + i);
      denied.add("10." + (i / 256) + "." + (i % 256) + ".0/24");
    }
    LiveCustomAlerts live = LiveCustomAlerts.inMemory(new CustomAlerts(Map.of("default", List.of(
        CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.ALLOW, true, allowed),
        CustomAlertRule.list(CustomAlertType.CONNECTION_TO_IP, ListMode.DENY, true, denied),
        CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 0, 1000, Duration.ofMinutes(5)),
        CustomAlertRule.range(CustomAlertType.MQTT_D2C, true, 1, 1000, Duration.ofMinutes(5)),
        CustomAlertRule.range(CustomAlertType.FAILED_LOCAL_LOGINS, true, 0, 5, Duration.ofMinutes(5))))));
    detection = new CustomAlertDetection(live, MessageCounts.none(), Duration.ofMinutes(1), 200_000);
    for (int i = 0; i < EVENTS; i++) {
      Instant at = T0.plusMillis(i * 10L);
      EventHeader h = EventHeader.at(at, ZoneOffset.UTC);
      String device = "dev-" + (i % 1000);
      events[i] = new DeviceEvent(device, "default", "agent", "1.0", at, i % 2 == 0
          ? new ProcessCreate(h, List.of(new ProcessCreate.Process(i % 4 == 0 ? "/usr/bin/tool" + (i % values) : "/tmp/x" + i,
              i, 1, "0", "root", "x", Map.of())))
          : new ConnectionCreate(h, List.of(new ConnectionCreate.Connection(i % 10 == 1 ? "10.0.0.7" : "198.51.100." + (i % 250),
              "443", "10.1.1.1", "5000", Direction.OUT, "tcp", i, "0", "/usr/bin/curl", "curl", Map.of()))));
    }
  }

  @Benchmark
  public void evaluate(Blackhole hole) {
    DeviceEvent e = events[next];
    next = (next + 1) % EVENTS;
    detection.evaluate(e, hole::consume);
  }
}
