package io.vigil.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.SasToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code vigil server} on loopback, with random ports and its MQTT-over-TLS listener, driven
 * through the {@code vigil} command as a user would: {@code device create}, {@code device twin} and
 * {@code query}. The server's TLS certificate names its host name, {@code localhost} and the
 * loopback addresses; its HTTPS device listener is on a free port of the TLS address.
 */
final class RunningHub implements AutoCloseable {
  private final String hostName;
  private final Path data;
  private final Path log;
  private final int tlsPort;
  private final int httpsPort;
  private final Process server;

  private RunningHub(String hostName, Path data, Path log, int tlsPort, int httpsPort, Process server) {
    this.hostName = hostName;
    this.data = data;
    this.log = log;
    this.tlsPort = tlsPort;
    this.httpsPort = httpsPort;
    this.server = server;
  }

  /**
   * Starts a server whose data and log live in {@code dir}, with host name {@code localhost} and its
   * TLS listener on a free port of 127.0.0.1, and returns once it is healthy.
   */
  static RunningHub start(Path dir) throws Exception {
    return start(dir, "localhost", "127.0.0.1", freePort());
  }

  /**
   * Starts a server whose data and log live in {@code dir}, and returns once it is healthy.
   *
   * @param hostName the hub host name ({@code --host-name}) in connection strings, user names and SAS tokens
   * @param tlsAddress the loopback address the TLS listener binds ({@code --bind})
   * @param tlsPort the TLS listener's port ({@code --mqtt-tls-port})
   */
  static RunningHub start(Path dir, String hostName, String tlsAddress, int tlsPort) throws Exception {
    return start(dir, hostName, tlsAddress, tlsPort, freePort());
  }

  /**
   * Starts a server whose data and log live in {@code dir}, and returns once it is healthy.
   *
   * @param hostName the hub host name ({@code --host-name}) in connection strings, user names and SAS tokens
   * @param tlsAddress the loopback address the TLS listeners bind ({@code --bind})
   * @param tlsPort the MQTT TLS listener's port ({@code --mqtt-tls-port})
   * @param https the HTTPS device listener's port ({@code --https-port})
   */
  static RunningHub start(Path dir, String hostName, String tlsAddress, int tlsPort, int https) throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    int http = freePort();
    Process server = new ProcessBuilder(command("server", "--data-dir", data.toString(), "--http-port", Integer.toString(http),
        "--mqtt-port", Integer.toString(freePort()), "--mqtt-tls-port", Integer.toString(tlsPort), "--bind", tlsAddress,
        "--https-port", Integer.toString(https), "--host-name", hostName))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RunningHub hub = new RunningHub(hostName, data, log, tlsPort, https, server);
    HttpClient client = HttpClient.newHttpClient();
    try {
      hub.await("server start", Duration.ofSeconds(90), () -> {
        if (!server.isAlive()) {
          throw new AssertionError("vigil server exited with " + server.exitValue() + "; log:\n" + Files.readString(log));
        }
        try {
          return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/healthz")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
          return false;
        }
      });
    } catch (Throwable e) {
      hub.close();
      throw e;
    }
    return hub;
  }

  String hostName() {
    return hostName;
  }

  /** The MQTT-over-TLS port. */
  int tlsPort() {
    return tlsPort;
  }

  /** The HTTPS device listener's port ({@code --https-port}), on the TLS address. */
  int httpsPort() {
    return httpsPort;
  }

  /** Vigil's CA certificate, which devices trust: {@code DATA/ca/ca.crt}. */
  Path caCertificate() {
    return data.resolve("ca").resolve("ca.crt");
  }

  /** Registers a device with {@code vigil device create} and returns the connection string it printed. */
  String createDevice(String deviceId) throws Exception {
    return vigil("device", "create", deviceId, "--data-dir", data.toString()).trim();
  }

  /** {@code vigil device twin ID --set KEY=VALUE}: changes a desired property; prints the twin. */
  String setDesired(String deviceId, String key, String value) throws Exception {
    return vigil("device", "twin", deviceId, "--set", key + "=" + value, "--data-dir", data.toString());
  }

  /** {@code vigil query SQL --format csv}: the header line, then one line per row, each ended by '\n' (CSV's CRLF replaced). */
  String query(String sql) throws Exception {
    return vigil("query", "--data-dir", data.toString(), "--format", "csv", sql).replace("\r\n", "\n");
  }

  /** Waits (at most 20 s) until {@link #query} of {@code sql} answers what {@code expected} accepts; returns that answer. */
  String awaitQuery(String sql, Predicate<String> expected) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    String answer = query(sql);
    while (!expected.test(answer)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("query '" + sql + "' still answers, after 20 s:\n" + answer + "\nserver log:\n" + Files.readString(log));
      }
      Thread.sleep(200);
      answer = query(sql);
    }
    return answer;
  }

  /** The IoT Hub MQTT user name of {@code deviceId}: {@code H/D/?api-version=...}. */
  String userName(String deviceId) {
    return hostName + "/" + deviceId + "/?api-version=2021-04-12";
  }

  /** A SAS token for {@code device}, valid for an hour: what the device puts in its MQTT password. */
  static String sasToken(ConnectionString device) {
    return SasToken.sign(SasToken.deviceResource(device.hostName(), device.deviceId()), device.sharedAccessKey(),
        Instant.now().plusSeconds(3600)).toString();
  }

  /** Runs {@code vigil ARGS} to completion (at most 60 s); returns its standard output; fails on a non-zero exit. */
  String vigil(String... args) throws Exception {
    Path out = Files.createTempFile("vigil-out", ".txt");
    Path err = Files.createTempFile("vigil-err", ".txt");
    try {
      Process p = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("vigil " + String.join(" ", args) + " did not finish within 60 s");
      }
      assertThat(p.exitValue()).as("exit code of vigil %s; stderr: %s", String.join(" ", args), Files.readString(err)).isZero();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A condition that may throw. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Waits until {@code condition} holds; fails with the server's log after {@code limit}. */
  void await(String what, Duration limit, Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " did not happen within " + limit + "; server log:\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20 s, or at once if interrupted). */
  @Override
  public void close() {
    server.destroy();
    try {
      if (server.waitFor(20, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.destroyForcibly();
  }

  private static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-jar", System.getProperty("vigil.jar", "target/vigil.jar")));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A free TCP port on this machine. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
