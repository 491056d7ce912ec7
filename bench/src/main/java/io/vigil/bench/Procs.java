package io.vigil.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the harnesses read of the processes they start: RSS and CPU from /proc, a free port, a healthy server. */
public final class Procs {
  /** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ). */
  public static final long TICKS_PER_SECOND = 100;

  private Procs() {}

  /** The resident set size of {@code pid} now, in KiB (VmRSS). */
  public static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
  }

  /** The CPU time of {@code pid} so far (user + system), in clock ticks. */
  public static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
  }

  /** Waits up to 2 minutes for a Vigil server's /healthz on {@code port}. */
  public static void awaitHealthy(int port) throws InterruptedException {
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
    throw new IllegalStateException("the server on port " + port + " did not answer /healthz within 120 s");
  }

  /** A TCP port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code ./vigil server} of the repository at {@code repo} on {@code dataDir}, its log in
   * {@code log}, with these further options (ports, listeners).
   */
  public static Process startServer(java.nio.file.Path repo, java.nio.file.Path dataDir, java.nio.file.Path log, String... options)
      throws IOException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(repo.resolve("vigil").toString(), "server", "--data-dir",
        dataDir.toString()));
    command.addAll(java.util.List.of(options));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
