package io.vigil.bench.footprint;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real server on loopback, one registered device and the real agent started through {@code
 * ./vigil agent} (so with the launcher's lean JVM flags and the agent-only class path), with what
 * the footprint harnesses read about them: the agent's RSS and CPU time from /proc, the TCP bytes it
 * sent to the broker, and queries on the workspace.
 *
 * <p>Everything lives in a fresh temporary directory ({@link #dir()}: the data dir, the agent's
 * spool and both logs), which is kept after {@link #close()} for inspection. Not thread-safe.
 */
final class LiveAgent implements AutoCloseable {
  /** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on every Linux architecture in use). */
  static final long TICKS_PER_SECOND = 100;

  private static final Pattern BYTES_SENT = Pattern.compile("bytes_sent:(\\d+)");
  /** The most rows {@code vigil query} returns at once. */
  private static final int MAX_ROWS = 10_000;
  private static final Pattern SEGS_OUT = Pattern.compile("segs_out:(\\d+)");

  /**
   * What the agent's connections to the broker have sent so far, from the kernel's TCP counters.
   *
   * @param bytes TCP payload bytes (bytes_sent): MQTT packets, keep-alives and retransmissions
   *     included, IP and TCP headers not
   * @param segments TCP segments sent (segs_out), pure ACKs included: each also costs its headers
   */
  record Traffic(long bytes, long segments) {
    Traffic minus(Traffic earlier) {
      return new Traffic(bytes - earlier.bytes, segments - earlier.segments);
    }
  }

  private final Path cliJar;
  private final Path dir;
  private final int mqttPort;
  private final List<Process> children;
  private final Process agent;

  private LiveAgent(Path vigil, Path dir, int mqttPort, List<Process> children, Process agent) {
    this.cliJar = vigil.resolveSibling("cli").resolve("target").resolve("vigil.jar");
    this.dir = dir;
    this.mqttPort = mqttPort;
    this.children = children;
    this.agent = agent;
  }

  /**
   * Starts a server with a fresh data dir, registers device {@code deviceId}, and starts the agent
   * with its connection string, a spool and an SDK socket in the same directory.
   *
   * @param repo the checkout whose {@code ./vigil} launcher runs (and builds when stale)
   * @param agentArgs further arguments of {@code vigil agent}, such as {@code --config FILE}
   * @throws IllegalStateException if the server does not come up within 2 minutes or the device
   *     cannot be created; what was started is stopped
   */
  static LiveAgent start(Path repo, String deviceId, List<String> agentArgs) throws IOException, InterruptedException {
    Path vigil = repo.resolve("vigil");
    Path dir = Files.createTempDirectory("vigil-" + deviceId + "-");
    int http = freePort();
    int mqtt = freePort();
    List<Process> children = new ArrayList<>();
    try {
      Process server = new ProcessBuilder(vigil.toString(), "server", "--data-dir", dir.resolve("data").toString(),
          "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(mqtt), "--https-port", "0", "--mqtt-tls-port", "0")
          .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
      children.add(server);
      awaitHealthy(http);
      Process create = new ProcessBuilder(vigil.toString(), "device", "create", deviceId, "--data-dir", dir.resolve("data").toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String connection = new String(create.getInputStream().readAllBytes()).trim();
      if (create.waitFor() != 0 || connection.isEmpty()) {
        throw new IllegalStateException("vigil device create " + deviceId + " failed");
      }
      List<String> command = new ArrayList<>(List.of(vigil.toString(), "agent",
          "--spool-dir", dir.resolve("spool").toString(), "--sdk-socket", dir.resolve("agent.sock").toString()));
      command.addAll(agentArgs);
      ProcessBuilder agentPb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
      agentPb.environment().put("VIGIL_CONNECTION_STRING", connection);
      Process agent = agentPb.start();
      children.add(agent);
      return new LiveAgent(vigil, dir, mqtt, children, agent);
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(children);
      throw e;
    }
  }

  /** The temporary directory with the data dir, the spool and the logs. */
  Path dir() {
    return dir;
  }

  long pid() {
    return agent.pid();
  }

  /**
   * Fails if the agent has exited.
   *
   * @throws IllegalStateException naming the agent's log
   */
  void requireAlive() {
    if (!agent.isAlive()) {
      throw new IllegalStateException("the agent exited (status " + agent.exitValue() + "); see " + dir.resolve("agent.log"));
    }
  }

  /** The agent's resident set size now, in KiB (VmRSS). */
  long rssKb() throws IOException {
    return io.vigil.bench.Procs.rssKb(pid());
  }

  /** The agent's CPU time so far (user + system), in {@linkplain #TICKS_PER_SECOND clock ticks}. */
  long cpuTicks() throws IOException {
    return io.vigil.bench.Procs.cpuTicks(pid());
  }

  /** What the agent's connections to the broker have sent so far ({@code ss -ti}). */
  Traffic trafficToBroker() throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-tinH", "state", "established", "( dport = :" + mqttPort + " )").start();
    String out = new String(ss.getInputStream().readAllBytes());
    ss.waitFor();
    return new Traffic(sum(BYTES_SENT, out), sum(SEGS_OUT, out));
  }

  private static long sum(Pattern counter, String ssOutput) {
    Matcher m = counter.matcher(ssOutput);
    long total = 0;
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  /** The JVM flags the launcher gave the agent: its command line up to the class path. */
  String jvmFlags() throws IOException {
    String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "cmdline"))).replace('\0', ' ').trim();
    int cp = cmd.indexOf(" -cp ");
    return cp < 0 ? cmd : cmd.substring(cmd.indexOf(' ') + 1, cp);
  }

  /**
   * The rows of a read-only SQL query on the workspace ({@code vigil query --format csv}), the
   * header row first. Runs the CLI jar directly rather than through {@code ./vigil}, which would
   * rebuild (and replace the jars under the running agent) when a source changed meanwhile.
   *
   * @throws IllegalStateException with vigil's output when the query fails
   */
  List<String> query(String sql) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process q = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-jar", cliJar.toString(), "query", "--data-dir", dir.resolve("data").toString(),
        "--format", "csv", "--max-rows", Integer.toString(MAX_ROWS), sql).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(q.getErrorStream().readAllBytes());
      } catch (IOException e) {
        return "(standard error unreadable: " + e + ")";
      }
    });
    String out = new String(q.getInputStream().readAllBytes());
    if (q.waitFor() != 0) {
      throw new IllegalStateException("vigil query failed (status " + q.exitValue() + "): " + err.join().strip() + "\n  query: " + sql);
    }
    return out.lines().toList();
  }

  /**
   * Every value of the first column of {@code sql}, however many rows: read {@value #MAX_ROWS} at
   * a time, ordered by that column.
   */
  List<String> column(String sql) throws IOException, InterruptedException {
    List<String> values = new ArrayList<>();
    for (int offset = 0; ; offset += MAX_ROWS) {
      List<String> rows = query("SELECT * FROM (" + sql + ") ORDER BY 1 LIMIT " + MAX_ROWS + " OFFSET " + offset);
      rows.stream().skip(1).map(r -> r.replace("\"", "").strip()).forEach(values::add);
      if (rows.size() - 1 < MAX_ROWS) {
        return values;
      }
    }
  }

  /** The single value a query of one row and one column answers. */
  long queryLong(String sql) throws IOException, InterruptedException {
    List<String> rows = query(sql);
    if (rows.size() != 2) {
      throw new IllegalStateException("expected one row, got " + (rows.size() - 1) + " for: " + sql);
    }
    String v = rows.get(1).replace("\"", "").strip();
    return v.isEmpty() ? 0 : Long.parseLong(v);
  }

  /** Stops the agent, then the server. */
  @Override
  public void close() throws InterruptedException {
    stop(children.reversed());
  }

  private static void stop(List<Process> processes) throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      p.waitFor();
    }
  }

  private static void awaitHealthy(int port) throws InterruptedException {
    io.vigil.bench.Procs.awaitHealthy(port);
  }

  private static int freePort() throws IOException {
    return io.vigil.bench.Procs.freePort();
  }
}
