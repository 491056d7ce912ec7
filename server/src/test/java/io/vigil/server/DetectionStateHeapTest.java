package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.Detection;
import io.vigil.detect.custom.LiveCustomAlerts;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.detect.settings.LiveRuleSettings;
import io.vigil.hub.ingest.TelemetryCounts;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.Login;
import io.vigil.model.event.Peripheral;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.server.anomaly.AnomalyProfiles;
import io.vigil.server.pipeline.Pipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 devices fit in the default heap: each sends a small typical first hour through the
 * server's real shard detections ({@link VigilServer#shardDetections}: the built-in Sigma pack,
 * threat intel, IoT_DeviceSilent, custom alerts, anomaly models) and its alerts through the alert
 * lifecycle, which keeps two open alerts per device. The state held after a full GC must stay under
 * {@link #BOUND_BYTES} and under half the maximum heap (the rest is the server's working room).
 *
 * <p>The test JVM runs with surefire's argLine ({@code vigil.jvm.flags} in the parent POM), which sets
 * no -Xmx: its default heap is the JVM's, a quarter of the machine's memory, as for {@code vigil
 * server}, which sets none either (6.3 GB on the 24 GB development machine). So the test heap is the
 * server's default heap, not a smaller one. On a machine with less than about 4.5 GB of memory the
 * default heap is under 1.1 GB and the half-heap check fails: there 100,000 devices do not fit the
 * default heap with room to spare, and the server needs -Xmx.
 */
class DetectionStateHeapTest {
  private static final int DEVICES = 100_000;
  /**
   * 800 MB: 8,000 bytes per device, about 1.5 times the 5,200 measured (522 MB; see the README's
   * measured table), so that a regression in per-device state shows before it matters.
   */
  static final long BOUND_BYTES = 800_000_000L;
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aHundredThousandDevicesAfterATypicalFirstHourStayUnderTheBound() throws Exception {
    LiveRuleSettings ruleSettings = LiveRuleSettings.open(dir.resolve("rules-settings.json"));
    LiveCustomAlerts customAlerts = LiveCustomAlerts.open(dir.resolve("custom-alerts.json"));
    Duration lateness = ServerConfig.DEFAULT_ALLOWED_LATENESS;
    UserRules.Loaded rules = UserRules.load(List.of(), ruleSettings, lateness);
    int shards = Pipeline.defaultShards();
    AnomalyProfiles anomaly = AnomalyProfiles.open(dir, shards, ruleSettings::current);
    TelemetryCounts noTelemetry = id -> Map.of();
    List<List<Detection>> shard = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      shard.add(VigilServer.shardDetections(rules, ThreatIntel.load(List.of()), ruleSettings, customAlerts, () -> noTelemetry, lateness,
          anomaly));
    }
    AlertLifecycle lifecycle = new AlertLifecycle(AlertLifecycle.DEFAULT_WINDOW);
    long before = usedAfterGc();
    long started = System.nanoTime();
    // Each shard on its own thread, as the pipeline runs them: a device's events always go to the same shard.
    LongAdder alerts = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int s = 0; s < shards; s++) {
      int mine = s;
      threads.add(Thread.ofPlatform().name("shard-" + s).start(() -> {
        try {
          for (int d = 0; d < DEVICES; d++) {
            String id = "dev-" + d;
            if (Math.floorMod(id.hashCode(), shards) != mine) {
              continue;
            }
            for (SecurityEvent e : hour(d)) {
              DeviceEvent de = new DeviceEvent(id, "default", "agent", "0.1.0", e.header().timestampUtc(), e);
              for (Detection detection : shard.get(mine)) {
                detection.evaluate(de, a -> {
                  alerts.increment();
                  lifecycle.offer(a);
                });
              }
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    long open = 0;
    for (int d = 0; d < DEVICES; d++) {
      open += lifecycle.tracked("dev-" + d);
    }
    long held = usedAfterGc() - before;
    java.lang.ref.Reference.reachabilityFence(shard); // the state measured must still be reachable
    java.lang.ref.Reference.reachabilityFence(lifecycle);
    long max = Runtime.getRuntime().maxMemory();
    System.out.printf("DetectionStateHeapTest: %,d devices, %d shards: %,d MB held, %,d bytes per device (%,d alerts raised, %,d open;"
        + " max heap %,d MB; %.1f s, the JVM's CPU so far %s)%n", DEVICES, shards, held / 1_000_000, held / DEVICES, alerts.sum(), open, max / 1_000_000,
        (System.nanoTime() - started) / 1e9, ProcessHandle.current().info().totalCpuDuration().map(Duration::toString).orElse("unknown"));
    assertThat(open).as("open alerts held by the lifecycle: two per device").isEqualTo(2L * DEVICES);
    assertThat(held).as("heap held by %,d devices' detection and alert state, bytes", DEVICES).isLessThan(BOUND_BYTES);
    assertThat(held).as("held state against the default max heap of %,d bytes", max).isLessThan(max / 2);
  }

  /**
   * A small typical first hour: 3 process starts, 2 connections to the device's endpoint, a failed
   * remote login, a local console login (IoT_SucessfulLocalLogin) and a USB stick
   * (IoT_USBConnection), then a heartbeat.
   */
  private static List<SecurityEvent> hour(int device) {
    List<SecurityEvent> out = new ArrayList<>();
    String[] exes = {"/opt/app/bin/agentd", "/bin/sh", "/usr/bin/curl"};
    for (int i = 0; i < exes.length; i++) {
      out.add(new ProcessCreate(at(i * 1200L), List.of(new ProcessCreate.Process(exes[i], 1000 + i, 900, "0", "root", exes[i] + " --run",
          Map.of()))));
    }
    for (int i = 0; i < 2; i++) {
      out.add(new ConnectionCreate(at(60 + i * 1800L), List.of(new ConnectionCreate.Connection("10.20." + (device % 250) + ".1",
          "8883", "10.1.0.5", Integer.toString(40000 + i), Direction.OUT, "TCP", 1200, "1000", "/opt/app/bin/agentd", "agentd", Map.of()))));
    }
    out.add(login(700, "192.168.1.20", Login.Result.FAIL, 1000));
    out.add(login(702, null, Login.Result.SUCCESS, 1200));
    out.add(new Peripheral(at(1500), List.of(new Peripheral.Change(Peripheral.Operation.CONNECTED, Peripheral.DeviceClass.USB,
        "SanDisk Ultra", "0781", "5581", "4C53" + device, Map.of()))));
    out.add(new Heartbeat(at(3599), List.of(new Heartbeat.Beat(3600, Map.of()))));
    out.sort((a, b) -> a.header().timestampUtc().compareTo(b.header().timestampUtc()));
    return out;
  }

  private static Login login(long pid, String from, Login.Result result, long second) {
    return new Login(at(second), List.of(new Login.Attempt(pid, "1000", "operator", from == null ? "login" : "ssh",
        from == null ? "/bin/login" : "/usr/sbin/sshd", from, from == null ? null : "52000", from == null ? null : "22", result, Map.of())));
  }

  private static EventHeader at(long second) {
    return EventHeader.at(T0.plusSeconds(second), ZoneOffset.UTC);
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
