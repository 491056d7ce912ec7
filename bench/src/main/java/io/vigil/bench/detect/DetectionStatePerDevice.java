package io.vigil.bench.detect;

import io.vigil.detect.Detection;
import io.vigil.detect.DeviceSilentDetection;
import io.vigil.detect.custom.CustomAlertDetection;
import io.vigil.detect.custom.LiveCustomAlerts;
import io.vigil.detect.intel.Feeds;
import io.vigil.detect.intel.IndicatorStore;
import io.vigil.detect.intel.ThreatIntelDetection;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.settings.LiveRuleSettings;
import io.vigil.detect.sigma.DueTimers;
import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap held per device by one pipeline shard's detections, as the server builds them (the built-in
 * Sigma pack with its correlation state, threat intel, IoT_DeviceSilent, custom alerts, anomaly
 * models), and by the alert lifecycle (the open alerts that absorb repeats), after each of N devices
 * sent a typical first hour: 20 process starts of 8 executables, 10 outbound connections to 5
 * endpoints, 3 failed and 1 successful login from one address, a local console login and a USB stick
 * plugged in (two open alerts: IoT_SucessfulLocalLogin, IoT_USBConnection), and a heartbeat. Reports
 * the heap after a full GC, per device, and checks that N devices fit: the run exits with 1 and says
 * why when the heap runs out or the state takes more than {@value #MAX_SHARE_PERCENT}% of the maximum
 * heap (the rest is the server's working room).
 *
 * <p>Usage: {@code java -Xmx1g -cp bench/target/benchmarks.jar io.vigil.bench.detect.DetectionStatePerDevice [DEVICES]} (default 100,000).
 */
public final class DetectionStatePerDevice {
  /** The share of the maximum heap the measured state may take. */
  static final int MAX_SHARE_PERCENT = 50;

  private DetectionStatePerDevice() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    try {
      System.exit(run(devices) ? 0 : 1);
    } catch (OutOfMemoryError e) {
      System.err.printf("%,d devices do not fit in a maximum heap of %,d MB: %s%n", devices, Runtime.getRuntime().maxMemory() / 1_000_000, e);
      System.exit(1);
    }
  }

  private static boolean run(int devices) throws Exception {
    Path dir = Files.createTempDirectory("vigil-state-");
    LiveRuleSettings ruleSettings = LiveRuleSettings.open(dir.resolve("rules-settings.json"));
    LoadResult pack = BuiltInPack.load();
    IndicatorStore intel = IndicatorStore.ofFeeds(List.of(Feeds.defaultFeed()));
    AnomalyProfiles anomaly = AnomalyProfiles.open(dir, 1, ruleSettings::current);
    DueTimers timers = new DueTimers();
    Duration lateness = Duration.ofMinutes(1);
    List<Detection> shard = List.of(
        new SigmaDetection(SigmaEngine.builder(pack.rules()).timers(timers).allowedLateness(lateness).filter(ruleSettings).build(), timers,
            lateness),
        new ThreatIntelDetection(() -> intel),
        new DeviceSilentDetection(ruleSettings::current, 200_000),
        new CustomAlertDetection(LiveCustomAlerts.open(dir.resolve("custom-alerts.json")), (id, protocol) -> 0L,
            lateness, 200_000),
        anomaly.nextShard());
    AlertLifecycle lifecycle = new AlertLifecycle(AlertLifecycle.DEFAULT_WINDOW);
    long before = usedAfterGc();
    Instant start = Instant.parse("2026-11-22T10:00:00Z");
    long alerts = 0;
    long open = 0;
    for (int d = 0; d < devices; d++) {
      String id = "dev-" + d;
      for (SecurityEvent e : hour(start, d)) {
        DeviceEvent de = new DeviceEvent(id, "default", "agent", "0.1.0", e.header().timestampUtc(), e);
        for (Detection det : shard) {
          long[] n = {0};
          det.evaluate(de, a -> {
            n[0]++;
            lifecycle.offer(a);
          });
          alerts += n[0];
        }
      }
      open += lifecycle.tracked(id);
      if (d % 20_000 == 0 && d > 0) {
        System.out.printf("%,d devices...%n", d);
      }
    }
    long after = usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(shard); // the state measured must still be reachable
    java.lang.ref.Reference.reachabilityFence(lifecycle);
    long max = Runtime.getRuntime().maxMemory();
    System.out.printf("| detection and alert lifecycle state after a typical first hour | %,d devices: %,.0f MB, %,d bytes per device"
        + " (max heap %,d MB; %,d alerts raised, %,d open) |%n", devices, (after - before) / 1e6, (after - before) / devices, max / 1_000_000,
        alerts, open);
    if ((after - before) * 100 > max * MAX_SHARE_PERCENT) {
      System.err.printf("%,d devices do not fit: their state takes %,.0f MB, more than %d%% of the maximum heap of %,d MB%n", devices,
          (after - before) / 1e6, MAX_SHARE_PERCENT, max / 1_000_000);
      return false;
    }
    return true;
  }

  private static List<SecurityEvent> hour(Instant start, int device) {
    List<SecurityEvent> out = new ArrayList<>();
    String[] exes = {"/usr/bin/python3", "/bin/sh", "/usr/bin/curl", "/usr/sbin/ip", "/usr/bin/date", "/usr/bin/cat", "/usr/bin/grep", "/opt/app/bin/agentd"};
    for (int i = 0; i < 20; i++) {
      Instant t = start.plusSeconds(i * 180L);
      String exe = exes[i % exes.length];
      out.add(new ProcessCreate(EventHeader.at(t, ZoneOffset.UTC), List.of(new ProcessCreate.Process(exe, 1000 + i, 900, "0", "root",
          exe + " --run " + (i % 3), Map.of("ParentExecutable", "/usr/lib/systemd/systemd")))));
    }
    for (int i = 0; i < 10; i++) {
      Instant t = start.plusSeconds(60 + i * 360L);
      out.add(new ConnectionCreate(EventHeader.at(t, ZoneOffset.UTC), List.of(new ConnectionCreate.Connection("10.20." + (device % 250) + "." + (i % 5),
          "8883", "10.1.0.5", Integer.toString(40000 + i), Direction.OUT, "TCP", 1200, "1000", "/opt/app/bin/agentd", "agentd", Map.of()))));
    }
    for (int i = 0; i < 4; i++) {
      Instant t = start.plusSeconds(600 + i * 30L);
      out.add(new Login(EventHeader.at(t, ZoneOffset.UTC), List.of(new Login.Attempt(700, "1000", "operator", "ssh", "/usr/sbin/sshd",
          "192.168.1.20", "52000", "22", i < 3 ? Login.Result.FAIL : Login.Result.SUCCESS, Map.of()))));
    }
    out.add(new Login(EventHeader.at(start.plusSeconds(1200), ZoneOffset.UTC), List.of(new Login.Attempt(701, "1000", "operator", "login",
        "/bin/login", null, null, null, Login.Result.SUCCESS, Map.of()))));
    out.add(new Peripheral(EventHeader.at(start.plusSeconds(1500), ZoneOffset.UTC), List.of(new Peripheral.Change(Peripheral.Operation.CONNECTED,
        Peripheral.DeviceClass.USB, "SanDisk Ultra", "0781", "5581", "4C53" + device, Map.of()))));
    out.add(new Heartbeat(EventHeader.at(start.plusSeconds(3599), ZoneOffset.UTC), List.of(new Heartbeat.Beat(3600, Map.of()))));
    out.sort((a, b) -> a.header().timestampUtc().compareTo(b.header().timestampUtc()));
    return out;
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
