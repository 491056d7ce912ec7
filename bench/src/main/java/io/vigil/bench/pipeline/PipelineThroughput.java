package io.vigil.bench.pipeline;

import io.vigil.detect.Detection;
import io.vigil.detect.Detections;
import io.vigil.detect.intel.Feeds;
import io.vigil.bench.ingest.IngestThroughput;
import io.vigil.detect.intel.IndicatorStore;
import io.vigil.detect.intel.ThreatIntelDetection;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.server.pipeline.Pipeline;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The pipeline alone, without broker or network: decoded 10-event messages from N devices go into a
 * real {@link Pipeline} (real DuckDB workspace, the built-in detections and threat intel) with a
 * bounded number in flight; reports stored events per second. It isolates the writer side of
 * {@code IngestThroughput}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.pipeline.PipelineThroughput [DEVICES] [SECONDS] [SHARDS] [MIX]}
 * (MIX: {@code fleet}, the default, or {@code curl}, as in {@code IngestThroughput})
 */
public final class PipelineThroughput {
  private PipelineThroughput() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int shards = args.length > 2 ? Integer.parseInt(args[2]) : Pipeline.defaultShards();
    Path dir = Files.createTempDirectory("vigil-pipeline-");
    SecurityMessageCodec codec = new SecurityMessageCodec();
    IngestThroughput.Template messages = IngestThroughput.Template.named(args.length > 3 ? args[3] : "fleet");
    List<Device> fleet = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      fleet.add(new Device("load-" + i, "default", java.util.Map.of(), AuthType.SAS, true, Instant.parse("2026-11-22T00:00:00Z")));
    }
    IndicatorStore intel = IndicatorStore.ofFeeds(List.of(Feeds.defaultFeed()));
    try (DuckDbWorkspace workspace = DuckDbWorkspace.open(dir.resolve("workspace.duckdb"));
        Pipeline pipeline = new Pipeline(workspace, codec, () -> detections(intel), io.vigil.detect.recommend.Recommender.inMemory(), shards, 10_000, a -> {}, Clock.systemUTC(), id -> "default", io.vigil.hub.settings.DataCollection.defaults())) {
      Semaphore inFlight = new Semaphore(4 * devices);
      long[] stored = {0};
      long n = 0;
      long warmupEnd = System.nanoTime() + 5_000_000_000L;
      long start = 0;
      long storedAtStart = 0;
      long cpuAtStart = 0;
      var cpu = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long end = warmupEnd + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        if (start == 0 && System.nanoTime() >= warmupEnd) {
          start = System.nanoTime();
          cpuAtStart = cpu.getProcessCpuTime();
          synchronized (stored) {
            storedAtStart = stored[0];
          }
        }
        inFlight.acquire();
        SecurityMessageCodec.Decoded m = codec.decodeKeepingText(messages.next(n));
        CompletableFuture<Void> f = pipeline.accept(fleet.get((int) (n % devices)), m.message(), m.items(), Instant.now(), "MQTT");
        n++;
        f.whenComplete((ok, e) -> {
          inFlight.release();
          if (e == null) {
            synchronized (stored) {
              stored[0] += IngestThroughput.EVENTS_PER_MESSAGE;
            }
          }
        });
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (cpu.getProcessCpuTime() - cpuAtStart) / 1e9;
      long done;
      synchronized (stored) {
        done = stored[0] - storedAtStart;
      }
      System.out.printf("| pipeline shards | %d |%n| events stored per second (over %.0f s, %d devices, decode included) | %,.0f |%n",
          shards, elapsed, devices, done / elapsed);
      System.out.printf("| CPU per event (this process: pipeline, decode, load) | %.1f µs (%.2f cores) |%n",
          cpuSeconds * 1e6 / done, cpuSeconds / elapsed);
    }
  }

  private static List<Detection> detections(IndicatorStore intel) {
    List<Detection> out = new ArrayList<>(Detections.builtIn());
    out.add(new ThreatIntelDetection(() -> intel));
    return out;
  }
}
