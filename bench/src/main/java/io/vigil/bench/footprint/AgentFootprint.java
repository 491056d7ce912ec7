package io.vigil.bench.footprint;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Measures the agent's footprint: a real server, a registered device, and the real agent started
 * through {@code ./vigil agent} (so with the launcher's lean JVM flags) with every collector at its
 * default interval, connected and sending. Samples the agent's RSS and CPU time from /proc once a
 * second and prints peak and steady RSS, average CPU, and the bytes sent to the broker at rest
 * (after the first minute).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.footprint.AgentFootprint
 * [REPO_DIR] [DURATION_SECONDS]} (defaults: ., 300).
 */
public final class AgentFootprint {
  private AgentFootprint() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 300);
    try (LiveAgent agent = LiveAgent.start(repo, "footprint-1", List.of())) {
      System.out.printf("agent pid %d, sampling for %d s (logs in %s)%n", agent.pid(), duration.toSeconds(), agent.dir());
      RssSamples rss = new RssSamples();
      long startTicks = agent.cpuTicks();
      Instant start = Instant.now();
      LiveAgent.Traffic atRestStart = null;
      Instant restStart = start.plusSeconds(60);
      Instant end = start.plus(duration);
      while (Instant.now().isBefore(end)) {
        agent.requireAlive();
        rss.add(agent.rssKb());
        if (atRestStart == null && !Instant.now().isBefore(restStart)) {
          atRestStart = agent.trafficToBroker();
          restStart = Instant.now();
        }
        Thread.sleep(1000);
      }
      agent.requireAlive();
      double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
      long cpu = agent.cpuTicks() - startTicks;
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| peak RSS | %.1f MB |%n", rss.peakMb(0, rss.size()));
      System.out.printf("| steady RSS (median of the second half) | %.1f MB |%n", rss.medianMb(rss.size() / 2, rss.size()));
      System.out.printf("| average CPU over %.0f s | %.2f %% of one core |%n", seconds, 100.0 * cpu / LiveAgent.TICKS_PER_SECOND / seconds);
      if (atRestStart != null) {
        double restSeconds = Duration.between(restStart, Instant.now()).toMillis() / 1000.0;
        LiveAgent.Traffic rest = agent.trafficToBroker().minus(atRestStart);
        List<String> kinds = agent.query("SELECT RawEventName, count(DISTINCT EventId), count(*), sum(length(EventDetails::VARCHAR)) "
            + "FROM SecurityIoTRawEvent WHERE TimeGenerated >= '" + restStart + "'::TIMESTAMPTZ GROUP BY 1 ORDER BY 4 DESC").stream().skip(1).toList();
        long items = 0;
        long json = 0;
        for (String row : kinds) {
          String[] f = row.replace("\"", "").split(",");
          items += Long.parseLong(f[2]);
          json += Long.parseLong(f[3]);
        }
        System.out.printf("| upstream bytes at rest (after the first minute, over %.0f s) | %d B, %.1f KB/hour |%n",
            restSeconds, rest.bytes(), rest.bytes() / restSeconds * 3600 / 1000);
        System.out.printf("| TCP segments sent at rest | %d, %.0f/hour |%n", rest.segments(), rest.segments() / restSeconds * 3600);
        System.out.printf("| payload items that reached the hub at rest | %d (%.0f B of JSON each; %.0f B sent per item) |%n",
            items, items == 0 ? 0.0 : (double) json / items, items == 0 ? 0.0 : (double) rest.bytes() / items);
        System.out.printf("| JVM flags | %s |%n", agent.jvmFlags());
        System.out.println();
        System.out.println("What reached the workspace after the first minute (EventDetails JSON, before any compression):");
        System.out.println();
        System.out.println("| event | events | items | JSON bytes of the items |");
        System.out.println("|---|---:|---:|---:|");
        kinds.forEach(row -> System.out.println("| " + row.replace("\"", "").replace(",", " | ") + " |"));
        System.out.println();
        System.out.println("At rest the agent's own periodic events (heartbeat, listening ports: Medium priority) wait up to 5");
        System.out.println("minutes and go about every 10 minutes; a short window sees host activity and keep-alives only.");
        System.out.println("RestBandwidth models what an idle host sends per hour.");
      } else {
        System.out.printf("| JVM flags | %s |%n", agent.jvmFlags());
      }
    }
  }
}
