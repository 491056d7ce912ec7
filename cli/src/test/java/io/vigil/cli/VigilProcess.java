package io.vigil.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code vigil.jar} as a real process, as a user would through ./vigil. */
final class VigilProcess {
  private VigilProcess() {}

  record Result(int exitCode, String stdout, String stderr) {}

  static List<String> command(String... args) {
    String jar = System.getProperty("vigil.jar", "target/vigil.jar");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar", jar));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs to completion (at most {@code timeout}) and returns what it printed. */
  static Result run(Duration timeout, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("vigil-out", ".txt");
    Path err = Files.createTempFile("vigil-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("vigil " + String.join(" ", args) + " did not finish within " + timeout
            + "; stderr: " + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Result run(String... args) throws IOException, InterruptedException {
    return run(Duration.ofSeconds(60), Map.of(), args);
  }

  /** Starts a long-running vigil process whose output goes to {@code log}. */
  static Process start(Path log, Map<String, String> env, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** A free TCP port on this machine. */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops {@code processes} (SIGTERM, then SIGKILL after 20 s). */
  static void stopAll(List<Process> processes) throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** A condition that may throw. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Waits until {@code condition} holds; fails with {@code log}'s content after {@code limit}. */
  static void await(String what, Duration limit, Path log, Condition condition) throws Exception {
    java.time.Instant deadline = java.time.Instant.now().plus(limit);
    while (!condition.holds()) {
      if (java.time.Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " did not happen within " + limit + "; log:\n" + Files.readString(log));
      }
      Thread.sleep(250);
    }
  }

  /** Waits until the server on {@code httpPort} answers /healthz. */
  static void awaitHealthy(int httpPort, Path log) throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    await("server start", Duration.ofSeconds(90), log, () -> {
      try {
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/healthz")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
  }
}
