package io.vigil.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's RSS and CPU under a burst of process starts, and whether every start reaches the
 * workspace: a real server, a registered device and the real agent ({@code ./vigil agent}, every
 * collector at its default interval, the process collector on netlink when run as root), then
 * {@link ExecBurst} starts {@code RATE} processes a second for {@code SECONDS} seconds, each with
 * its own command line {@code /bin/true vigil-burst-RUN-I}.
 *
 * <p>RSS is sampled once a second: before the burst (after a settling minute, so that the startup
 * rounds of the baseline and sbom collectors are over), during it, and while the agent sends what
 * it holds. Then the workspace is asked, by process id, which starts arrived with their command
 * line, which only as {@code Incomplete} items (the process was gone before the agent could read
 * it), and which not at all. The agent's own heartbeat (its interval and priority set to 30 s and
 * High by a {@code --config} file, so that one is sent soon after the burst) gives its
 * DroppedEventsStatistics and the process collector's counters.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.vigil.bench.footprint.AgentBurst [REPO_DIR] [RATE] [SECONDS] [CONFIG_ENTRIES]} (defaults: ., 200,
 * 60, none). Run it as root for netlink. CONFIG_ENTRIES are further keys of the agent's
 * configuration file, such as {@code '"Process_Aggregation_Enabled": false'}, for experiments.
 */
public final class AgentBurst {
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
  private static final Duration HEARTBEAT_LIMIT = Duration.ofSeconds(45);
  /** The default process aggregation window plus the High priority's 2 s and a margin. */
  private static final Duration AGGREGATION_WINDOW = Duration.ofSeconds(65);
  private static final String CONFIG = "\"Heartbeat_Interval\": \"PT30S\", \"Heartbeat_MessageFrequency\": \"High\"";

  private AgentBurst() {}

  public static void main(String[] args) throws Throwable {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int count = rate * seconds;
    String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    Path config = Files.createTempFile("vigil-burst-config-", ".json");
    Files.writeString(config, "{" + CONFIG + (args.length > 3 ? ", " + args[3] : "") + "}");
    try (LiveAgent agent = LiveAgent.start(repo, "burst-1", List.of("--config", config.toString()))) {
      System.out.printf("agent pid %d, run %s: settling %d s, then %d starts at %d/s (logs in %s)%n",
          agent.pid(), run, SETTLE.toSeconds(), count, rate, agent.dir());
      Watch watch = new Watch(agent);
      watch.sampleFor(SETTLE);
      watch.requireAlive();
      int burstFrom = watch.rss.size();
      long ticksBefore = watch.ticks;
      Instant burstStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      CompletableFuture<ExecBurst.Result> burst = new CompletableFuture<>();
      Thread.ofPlatform().name("exec-burst").start(() -> {
        try {
          burst.complete(ExecBurst.run(run, count, rate));
        } catch (Throwable t) {
          burst.completeExceptionally(t);
        }
      });
      while (!burst.isDone()) {
        watch.sample();
        Thread.sleep(1000);
      }
      ExecBurst.Result result = burst.join();
      Instant burstEnd = Instant.now();
      watch.sample();
      long burstTicks = watch.ticks - ticksBefore;
      int burstTo = watch.rss.size();
      System.out.printf("burst: %d started, %d failed, %.1f s, %.0f/s, latest start %d ms late%n",
          result.started(), result.failed(), result.took().toMillis() / 1000.0, result.rate(), result.maxLag().toMillis());

      String markers = "SELECT count(DISTINCT EventDetails->>'CommandLine') FROM SecurityIoTRawEvent "
          + "WHERE RawEventName = 'ProcessCreate' AND (EventDetails->>'CommandLine') LIKE '" + ExecBurst.likePattern(run) + "'";
      long arrived = agent.queryLong(markers);
      long before = -1;
      Instant drainLimit = burstEnd.plus(DRAIN_LIMIT);
      // Until every marker is in, or none came for 10 s (those missing are gone for good or Incomplete).
      while (arrived < result.started() && arrived != before && watch.exited == null && Instant.now().isBefore(drainLimit)) {
        watch.sampleFor(Duration.ofSeconds(10));
        before = arrived;
        arrived = agent.queryLong(markers);
      }
      Duration drained = Duration.between(burstEnd, Instant.now());
      Instant lastMarker = Instant.parse(agent.query("SELECT strftime(max(TimeGenerated) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') "
          + markers.substring(markers.indexOf("FROM"))).get(1).replace("\"", ""));
      int drainTo = watch.rss.size();
      long drainTicks = watch.ticks - ticksBefore;

      String heartbeat = "SELECT count(*) FROM SecurityIoTRawEvent WHERE RawEventName = 'DroppedEventsStatistics' "
          + "AND TimeStamp > '" + burstEnd.plusSeconds(1) + "'::TIMESTAMPTZ";
      // Aggregated Incomplete items come when their window ends, a minute after the first.
      Instant aggregatesDue = burstEnd.plus(AGGREGATION_WINDOW);
      Instant heartbeatLimit = Instant.now().plus(HEARTBEAT_LIMIT);
      while (watch.exited == null && (Instant.now().isBefore(aggregatesDue)
          || (agent.queryLong(heartbeat) == 0 && Instant.now().isBefore(heartbeatLimit)))) {
        watch.sampleFor(Duration.ofSeconds(5));
      }
      Capture capture = capture(agent, run, result.pids(), burstStart, burstEnd);
      List<String> dropped = agent.query("SELECT EventDetails FROM SecurityIoTRawEvent WHERE RawEventName = 'DroppedEventsStatistics' "
          + "ORDER BY TimeStamp DESC, PayloadIndex LIMIT 2");
      List<String> process = agent.query("SELECT EventDetails FROM SecurityIoTRawEvent WHERE RawEventName = 'AgentStatistics' "
          + "AND (EventDetails->>'Name') = 'process' ORDER BY TimeStamp DESC LIMIT 1");

      double burstSeconds = Duration.between(burstStart, burstEnd).toMillis() / 1000.0;
      double drainSeconds = burstSeconds + drained.toMillis() / 1000.0;
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| process starts | %d in %.1f s (%.0f/s; %d failed to start) |%n",
          result.started(), result.took().toMillis() / 1000.0, result.rate(), result.failed());
      if (watch.exited != null) {
        System.out.printf("| **the agent exited** | %.0f s into the burst: %s |%n",
            Duration.between(burstStart, watch.exited).toMillis() / 1000.0, watch.lastLogLine());
      }
      System.out.printf("| RSS before the burst (median of the settling minute's second half) | %.1f MB |%n",
          watch.rss.medianMb(burstFrom / 2, burstFrom));
      int last = watch.rss.size();
      if (last > burstFrom) {
        System.out.printf("| peak RSS during the burst and the sending after it | %.1f MB |%n",
            watch.rss.peakMb(burstFrom, Math.max(burstFrom + 1, Math.min(drainTo, last))));
        System.out.printf("| steady RSS during the burst (median of its second half) | %.1f MB |%n",
            watch.rss.medianMb((burstFrom + Math.min(burstTo, last)) / 2, Math.min(burstTo, last)));
        System.out.printf("| RSS at the end | %.1f MB |%n", watch.rss.peakMb(last - 1, last));
      }
      System.out.printf("| average CPU during the burst | %.1f %% of one core |%n",
          100.0 * burstTicks / LiveAgent.TICKS_PER_SECOND / burstSeconds);
      System.out.printf("| average CPU, burst and sending | %.1f %% of one core |%n",
          100.0 * drainTicks / LiveAgent.TICKS_PER_SECOND / drainSeconds);
      if (watch.exited == null) {
        System.out.printf("| markers in the workspace (distinct command lines) | %d of %d, the last stored %.1f s after the burst |%n",
            arrived, result.started(), Duration.between(burstEnd, lastMarker).toMillis() / 1000.0);
      } else {
        System.out.printf("| sent before the agent exited (distinct markers in the workspace) | %d of %d |%n", arrived, result.started());
      }
      System.out.printf("| starts with their command line (by pid) | %d (%.2f %%), %d of them with some field unread (Incomplete) |%n",
          capture.withCommandLine(), 100.0 * capture.withCommandLine() / result.started(), capture.partlyRead());
      System.out.printf("| other starts as Incomplete items (gone before /proc was read): by pid, and as aggregated repeats | %d + %d |%n",
          capture.incompleteOnly(), capture.incompleteRepeats());
      System.out.printf("| starts not in the workspace at all (lost) | %d |%n", capture.lost(result.started()));
      System.out.printf("| starts reported more than once (in two ProcessCreate items) | %d |%n", capture.twice());
      System.out.printf("| exits in the workspace (by pid) | %d (%.2f %%) |%n", capture.exits(), 100.0 * capture.exits() / result.started());
      System.out.printf("| JVM flags | %s |%n", watch.jvmFlags);
      System.out.println();
      System.out.println("DroppedEventsStatistics (latest): " + json(dropped));
      System.out.println("process collector statistics (latest): " + json(process));
    } finally {
      Files.deleteIfExists(config);
    }
  }

  /** The agent's RSS and CPU time once a second, and when it exited if it did: the burst may kill it. */
  private static final class Watch {
    final LiveAgent agent;
    final RssSamples rss = new RssSamples();
    String jvmFlags = "(not read)";
    long ticks;
    Instant exited;

    Watch(LiveAgent agent) {
      this.agent = agent;
    }

    /** Takes one sample, unless the agent has exited (then notes when). */
    void sample() {
      if (exited != null) {
        return;
      }
      try {
        agent.requireAlive();
        long kb = agent.rssKb();
        ticks = agent.cpuTicks();
        jvmFlags = agent.jvmFlags(); // the launcher, a shell, becomes java by exec
        rss.add(kb);
      } catch (Exception e) { // IllegalStateException when it exited, IOException when /proc/PID went meanwhile
        exited = Instant.now();
      }
    }

    void sampleFor(Duration d) throws InterruptedException {
      Instant end = Instant.now().plus(d);
      while (exited == null && Instant.now().isBefore(end)) {
        sample();
        Thread.sleep(1000);
      }
    }

    void requireAlive() {
      if (exited != null) {
        agent.requireAlive();
      }
    }

    String lastLogLine() throws IOException {
      List<String> lines = Files.readAllLines(agent.dir().resolve("agent.log"));
      return lines.isEmpty() ? "(empty log)" : lines.getLast();
    }
  }

  /**
   * What the workspace holds of the burst's processes.
   *
   * @param withCommandLine starts in a ProcessCreate item with their marker command line, by pid
   * @param partlyRead of those, items marked {@code Incomplete} all the same (the process was reaped
   *     while the agent read it: its user, say, could not be read)
   * @param incompleteOnly other starts in an {@code Incomplete} item without their command line
   *     (the process was gone before the agent read /proc), by pid
   * @param incompleteRepeats further Incomplete starts counted only by the {@code HitCount} of an
   *     aggregate: Incomplete items have no command line, so those of one parent aggregate, and the
   *     repeats' pids are not sent
   * @param twice starts in more than one ProcessCreate item
   * @param exits pids in a ProcessTerminate item
   */
  private record Capture(int withCommandLine, int partlyRead, int incompleteOnly, long incompleteRepeats, int twice, int exits) {
    long lost(int started) {
      return started - withCommandLine - incompleteOnly - incompleteRepeats;
    }
  }

  private static Capture capture(LiveAgent agent, String run, int[] pids, Instant since, Instant until) throws Exception {
    String from = "'" + since.minusSeconds(5) + "'::TIMESTAMPTZ";
    String to = "'" + until.plusSeconds(2) + "'::TIMESTAMPTZ";
    String creates = "FROM SecurityIoTRawEvent WHERE RawEventName = 'ProcessCreate' AND TimeStamp >= " + from;
    String isIncomplete = " AND (EventDetails->'ExtraDetails'->>'Incomplete') = 'true'";
    String marker = "(EventDetails->>'CommandLine') LIKE '" + ExecBurst.likePattern(run) + "'";
    String incomplete = isIncomplete + " AND NOT " + marker + " AND (EventDetails->>'ParentProcessId')::BIGINT = "
        + ProcessHandle.current().pid();
    // One row per item, so that a start reported twice counts twice.
    Map<Integer, Integer> marked = counts(agent.column("SELECT (EventDetails->>'ProcessId')::BIGINT " + creates + " AND " + marker));
    Set<Integer> partly = new HashSet<>(counts(agent.column("SELECT (EventDetails->>'ProcessId')::BIGINT " + creates + " AND "
        + marker + isIncomplete)).keySet());
    // A first occurrence has no HitCount and is stamped when seen; an aggregate of repeats is
    // stamped when its window closed, so it is placed by its FirstSeen.
    Map<Integer, Integer> incompletes = counts(agent.column("SELECT (EventDetails->>'ProcessId')::BIGINT " + creates + incomplete
        + " AND (EventDetails->'ExtraDetails'->>'HitCount') IS NULL AND TimeStamp <= " + to));
    long repeats = agent.queryLong("SELECT coalesce(sum((EventDetails->'ExtraDetails'->>'HitCount')::BIGINT), 0) FROM SecurityIoTRawEvent "
        + "WHERE RawEventName = 'ProcessCreate'" + incomplete + " AND (EventDetails->'ExtraDetails'->>'FirstSeen')::TIMESTAMPTZ BETWEEN "
        + from + " AND " + to);
    Set<Integer> exited = new HashSet<>(counts(agent.column("SELECT (EventDetails->>'ProcessId')::BIGINT FROM SecurityIoTRawEvent "
        + "WHERE RawEventName = 'ProcessTerminate' AND TimeStamp >= " + from)).keySet());
    int withCommandLine = 0;
    int partlyRead = 0;
    int incompleteOnly = 0;
    int twice = 0;
    int exits = 0;
    for (int pid : pids) {
      int items = marked.getOrDefault(pid, 0) + incompletes.getOrDefault(pid, 0);
      if (marked.containsKey(pid)) {
        withCommandLine++;
        partlyRead += partly.contains(pid) ? 1 : 0;
      } else if (incompletes.containsKey(pid)) {
        incompleteOnly++;
      }
      twice += items > 1 ? 1 : 0;
      if (exited.contains(pid)) {
        exits++;
      }
    }
    return new Capture(withCommandLine, partlyRead, incompleteOnly, repeats, twice, exits);
  }

  /** The JSON values of a one-column CSV answer, unquoted. */
  private static String json(List<String> csv) {
    return String.join(" ", csv.stream().skip(1).map(v -> v.substring(1, v.length() - 1).replace("\"\"", "\"")).toList());
  }

  /** How often each pid occurs in {@code values}. */
  private static Map<Integer, Integer> counts(List<String> values) {
    Map<Integer, Integer> out = new HashMap<>();
    for (String v : values) {
      out.merge(Integer.parseInt(v), 1, Integer::sum);
    }
    return out;
  }
}
