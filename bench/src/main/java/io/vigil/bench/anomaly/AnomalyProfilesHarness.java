package io.vigil.bench.anomaly;

import io.vigil.detect.Detection;
import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.server.anomaly.AnomalyProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Feeds a fleet's typical behaviour through the server's anomaly runtime (2 shards) for its
 * learning hour, then reports the heap the profiles take, and how long saving and loading them take.
 *
 * <p>Usage: {@code AnomalyProfilesHarness DATA_DIR [DEVICES]} (default 100000). Each device runs 20
 * executables, talks to 30 endpoints, listens on 5 ports, has 3 login users, and makes 4 connections
 * a minute for an hour.
 */
public final class AnomalyProfilesHarness {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Consumer<Alert> NONE = a -> {};

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: AnomalyProfilesHarness DATA_DIR [DEVICES]");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Files.createDirectories(data);
    Files.writeString(data.resolve("anomaly.properties"), "learningPeriod=PT1H\n");
    long heapBefore = usedHeap();
    AnomalyProfiles profiles = AnomalyProfiles.open(data, 2, RuleSettings::none);
    List<Detection> shards = List.of(profiles.nextShard(), profiles.nextShard());
    long start = System.nanoTime();
    for (int d = 0; d < devices; d++) {
      String id = "dev-" + d;
      Detection shard = shards.get(Math.floorMod(id.hashCode(), 2));
      for (SecurityEvent e : typical(d, T0)) {
        shard.evaluate(new DeviceEvent(id, "default", "a", "1", T0, e), NONE);
      }
      for (int m = 1; m <= 61; m++) {
        Instant at = T0.plus(Duration.ofMinutes(m));
        shard.evaluate(new DeviceEvent(id, "default", "a", "1", at, connections(at, 4, d)), NONE);
      }
    }
    double feed = (System.nanoTime() - start) / 1e9;
    long heap = usedHeap() - heapBefore;
    start = System.nanoTime();
    profiles.close();
    double save = (System.nanoTime() - start) / 1e9;
    long bytes;
    try (Stream<Path> files = Files.list(data.resolve("anomaly"))) {
      bytes = files.mapToLong(f -> f.toFile().length()).sum();
    }
    start = System.nanoTime();
    AnomalyProfiles loaded = AnomalyProfiles.open(data, 2, RuleSettings::none);
    double load = (System.nanoTime() - start) / 1e9;
    System.out.printf("devices %d, fed in %.1f s; heap %d MB (%d bytes per device, peer groups included)%n", devices, feed,
        heap >> 20, heap / devices);
    System.out.printf("snapshot %d MB (%d bytes per device), saved in %.2f s, loaded in %.2f s (%d profiles)%n", bytes >> 20,
        bytes / devices, save, load, loaded.devices());
  }

  private static List<SecurityEvent> typical(int d, Instant at) {
    List<ProcessCreate.Process> procs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String exe = i < 18 ? "/usr/bin/service-" + i : "/opt/app/worker-" + (d % 50) + "-" + i;
      procs.add(new ProcessCreate.Process(exe, 100 + i, 1, "0", "root", exe, Map.of()));
    }
    List<ListeningPorts.Port> ports = new ArrayList<>();
    for (int p : new int[] {22, 80, 443, 1883, 8080}) {
      ports.add(new ListeningPorts.Port(null, null, "0.0.0.0", Integer.toString(p), "tcp", Map.of()));
    }
    List<Login.Attempt> logins = new ArrayList<>();
    for (String u : new String[] {"root", "operator", "svc-" + (d % 100)}) {
      logins.add(new Login.Attempt(1, null, u, "PAM:authentication", "/usr/sbin/sshd", null, null, null, Login.Result.SUCCESS, Map.of()));
    }
    return List.of(new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC), procs), connections(at, 30, d),
        new ListeningPorts(EventHeader.at(at, ZoneOffset.UTC), ports), new Login(EventHeader.at(at, ZoneOffset.UTC), logins));
  }

  /** {@code n} outbound connections; the first to the fleet's broker, the others to addresses of the device's own. */
  private static ConnectionCreate connections(Instant at, int n, int d) {
    List<ConnectionCreate.Connection> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String address = i == 0 ? "203.0.113.10" : "10." + (d >> 8 & 255) + "." + (d & 255) + "." + i;
      items.add(new ConnectionCreate.Connection(address, "8883", null, null, Direction.OUT, "TCP", 7, "0", "/usr/bin/telemetryd",
          null, Map.of()));
    }
    return new ConnectionCreate(EventHeader.at(at, ZoneOffset.UTC), items);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }
}
