package io.vigil.bench.footprint;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures the agent's footprint: a real server, a registered device, and the real agent started
 * through {@code ./vigil agent} (so with the launcher's lean JVM flags) with every collector at its
 * default interval, connected and sending. Samples the agent's RSS and CPU time from /proc once a
 * second and prints peak and steady RSS and average CPU.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.footprint.AgentFootprint
 * [REPO_DIR] [DURATION_SECONDS]} (defaults: ., 300).
 */
public final class AgentFootprint {
  private static final long TICKS_PER_SECOND = 100;

  private AgentFootprint() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 300);
    Path vigil = repo.resolve("vigil");
    Path dir = Files.createTempDirectory("vigil-footprint-");
    int http = freePort();
    int mqtt = freePort();
    List<Process> children = new ArrayList<>();
    try {
      Process server = new ProcessBuilder(vigil.toString(), "server", "--data-dir", dir.resolve("data").toString(),
          "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(mqtt), "--mqtt-tls-port", "0")
          .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
      children.add(server);
      awaitHealthy(http);
      Process create = new ProcessBuilder(vigil.toString(), "device", "create", "footprint-1", "--data-dir", dir.resolve("data").toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String connection = new String(create.getInputStream().readAllBytes()).trim();
      if (create.waitFor() != 0 || connection.isEmpty()) {
        throw new IllegalStateException("vigil device create failed");
      }
      ProcessBuilder agentPb = new ProcessBuilder(vigil.toString(), "agent",
          "--spool-dir", dir.resolve("spool").toString(), "--sdk-socket", dir.resolve("agent.sock").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
      agentPb.environment().put("VIGIL_CONNECTION_STRING", connection);
      Process agent = agentPb.start();
      children.add(agent);
      System.out.printf("agent pid %d, sampling for %d s (logs in %s)%n", agent.pid(), duration.toSeconds(), dir);
      List<Long> rssKb = new ArrayList<>();
      long startTicks = cpuTicks(agent.pid());
      Instant start = Instant.now();
      long bytesAtStart = -1;
      Instant restStart = start.plusSeconds(60);
      Instant end = start.plus(duration);
      while (Instant.now().isBefore(end) && agent.isAlive()) {
        rssKb.add(rssKb(agent.pid()));
        if (bytesAtStart < 0 && !Instant.now().isBefore(restStart)) {
          bytesAtStart = bytesSentTo(mqtt);
          restStart = Instant.now();
        }
        Thread.sleep(1000);
      }
      if (!agent.isAlive()) {
        throw new IllegalStateException("the agent exited early; see " + dir.resolve("agent.log"));
      }
      double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
      long cpu = cpuTicks(agent.pid()) - startTicks;
      List<Long> steady = new ArrayList<>(rssKb.subList(rssKb.size() / 2, rssKb.size()));
      Collections.sort(steady);
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| peak RSS | %.1f MB |%n", Collections.max(rssKb) / 1024.0);
      System.out.printf("| steady RSS (median of the second half) | %.1f MB |%n", steady.get(steady.size() / 2) / 1024.0);
      System.out.printf("| average CPU over %.0f s | %.2f %% of one core |%n", seconds, 100.0 * cpu / TICKS_PER_SECOND / seconds);
      if (bytesAtStart >= 0) {
        double restSeconds = Duration.between(restStart, Instant.now()).toMillis() / 1000.0;
        long rest = bytesSentTo(mqtt) - bytesAtStart;
        System.out.printf("| upstream bytes at rest (after the first minute, over %.0f s) | %d B, %.1f KB/hour |%n",
            restSeconds, rest, rest / restSeconds * 3600 / 1000);
      }
      System.out.printf("| JVM flags | %s |%n", jvmFlags(agent.pid()));
    } finally {
      for (Process p : children) {
        p.destroy();
      }
      for (Process p : children) {
        p.waitFor();
      }
    }
  }

  /**
   * Bytes the agent's MQTT connection has sent to the broker on {@code port}, from the kernel's TCP
   * counters ({@code ss -ti}: bytes_sent), so MQTT framing and keep-alives count too.
   */
  private static long bytesSentTo(int port) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-tinH", "state", "established", "( dport = :" + port + " )").start();
    String out = new String(ss.getInputStream().readAllBytes());
    ss.waitFor();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes_sent:(\\d+)").matcher(out);
    long total = 0;
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
  }

  private static String jvmFlags(long pid) throws IOException {
    String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ').trim();
    int jar = cmd.indexOf(" -jar ");
    return jar < 0 ? cmd : cmd.substring(cmd.indexOf(' ') + 1, jar);
  }

  private static void awaitHealthy(int port) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the server did not answer /healthz within 120 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
