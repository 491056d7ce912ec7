package io.vigil.bench.ingest;

import io.vigil.bench.Procs;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many device connections one real {@code vigil server} holds on this machine, with heartbeats
 * flowing: N devices (default 10,000) connect over MQTT 3.1.1 from one selector thread in this
 * process ({@link MqttLoad}), and each publishes a one-event Heartbeat security message every
 * {@code INTERVAL} seconds (QoS 1, spread evenly), plus MQTT keep-alive pings. Reports how many are
 * connected after the hold time, the heartbeats acknowledged per second against those due, their
 * ack latency, the server's CPU and RSS, and checks that the heartbeats were stored.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.ingest.ConnectionCapacity
 * [REPO_DIR] [DEVICES] [HOLD_SECONDS] [INTERVAL_SECONDS]} (defaults: ., 10000, 120, 30). The process
 * needs a file-descriptor limit above DEVICES ({@code ulimit -n}), as does the server.
 */
public final class ConnectionCapacity {
  private ConnectionCapacity() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int hold = args.length > 2 ? Integer.parseInt(args[2]) : 120;
    int interval = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    Path dir = Files.createTempDirectory("vigil-connections-");
    int http = Procs.freePort();
    int mqtt = Procs.freePort();
    Process server = Procs.startServer(repo, dir.resolve("data"), dir.resolve("server.log"), "--http-port", Integer.toString(http),
        "--mqtt-port", Integer.toString(mqtt), "--https-port", "0", "--mqtt-tls-port", "0");
    try {
      Procs.awaitHealthy(http);
      String token = Files.readString(dir.resolve("data/admin.token")).strip();
      long t0 = System.nanoTime();
      List<ConnectionString> conns = IngestThroughput.createDevices(http, token, devices);
      System.out.printf("%d devices registered in %.1f s; server pid %d; logs in %s%n", devices, (System.nanoTime() - t0) / 1e9,
          server.pid(), dir);
      IngestThroughput.Template heartbeat = IngestThroughput.Template.heartbeat();
      long[] counter = {0};
      MqttLoad.Source source = new MqttLoad.Source() {
        @Override
        public String topic(int device) {
          return DeviceTopics.securityTelemetry(conns.get(device).deviceId());
        }

        @Override
        public byte[] body(int device) {
          return heartbeat.next(counter[0]++);
        }
      };
      long connectStart = System.nanoTime();
      try (MqttLoad load = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), devices, 
          i -> MqttLoad.deviceConnect(conns.get(i).hostName(), conns.get(i).deviceId(), conns.get(i).sharedAccessKey()), source, 1, interval * 1_000_000_000L)) {
        long deadline = connectStart + 120_000_000_000L;
        while (load.connected() < devices && System.nanoTime() < deadline) {
          load.runUntil(System.nanoTime() + 1_000_000_000L);
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        System.out.printf("%d of %d connected after %.1f s (%d refused, %d reconnects)%n", load.connected(), devices, connectSeconds, load.refused, load.reconnects);
        // One interval to let every device send its first heartbeat, then measure over the hold.
        load.runUntil(System.nanoTime() + interval * 1_000_000_000L);
        long ackedBefore = load.acked;
        long cpuBefore = Procs.cpuTicks(server.pid());
        load.latencies.reset();
        long start = System.nanoTime();
        load.measureFrom = start;
        long minConnected = load.connected();
        for (long end = start + hold * 1_000_000_000L; System.nanoTime() < end; ) {
          load.runUntil(Math.min(end, System.nanoTime() + 5_000_000_000L));
          minConnected = Math.min(minConnected, load.connected());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (Procs.cpuTicks(server.pid()) - cpuBefore) / (double) Procs.TICKS_PER_SECOND / elapsed;
        long rss = Procs.rssKb(server.pid());
        long acked = load.acked - ackedBefore;
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| connections held (at the end / lowest during the hold) | %,d / %,d of %,d |%n", load.connected(), minConnected, devices);
        System.out.printf("| time for all to connect | %.1f s |%n", connectSeconds);
        System.out.printf("| heartbeats acknowledged per second (over %.0f s) | %,.0f (due: %,.0f) |%n", elapsed, acked / elapsed,
            (double) devices / interval);
        System.out.printf("| heartbeat ack latency p50 / p99 | %.1f ms / %.1f ms |%n", load.latencies.quantileMillis(0.5),
            load.latencies.quantileMillis(0.99));
        System.out.printf("| server CPU | %.2f cores (of 2, shared with this load generator) |%n", cpu);
        System.out.printf("| server RSS | %.0f MB |%n", rss / 1024.0);
        long totalAcked = load.acked;
        load.close();
        long stored = IngestThroughput.stored(http, token, "SELECT count(*) AS n FROM SecurityIoTRawEvent WHERE RawEventName = 'Heartbeat'");
        System.out.printf("| heartbeats in the workspace / acknowledged | %,d / %,d |%n", stored, totalAcked);
      }
    } finally {
      server.destroy();
      server.waitFor();
    }
  }
}
