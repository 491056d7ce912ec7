package io.vigil.cli;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Shows Vigil end to end on this host: starts a server in a temporary directory, registers a device,",
        "runs the real agent, then starts a harmless process named like a crypto miner (a copy of 'sleep' called 'xmrig').",
        "Alerts are printed as they arrive."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--duration", defaultValue = "60s", description = "How long to run (default: ${DEFAULT-VALUE}).")
  Duration duration;

  /** How long past --duration the demo waits for the miner's alert before it stops. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  @Option(names = "--devices", defaultValue = "1", description = "Devices (today only 1, the real agent on this host; the fleet simulator comes later).")
  int devices;

  @Option(names = "--no-browser", description = "Do not open the portal in a browser (accepted now; there is no portal yet, so nothing opens).")
  boolean noBrowser;

  @Override
  public Integer call() throws Exception {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive, was " + duration);
    }
    if (devices != 1) {
      throw new IllegalArgumentException("--devices " + devices + ": the fleet simulator is not built yet, so the demo runs exactly 1 device");
    }
    Path dir = Files.createTempDirectory("vigil-demo-");
    AtomicInteger alerts = new AtomicInteger();
    java.util.concurrent.CountDownLatch minerAlert = new java.util.concurrent.CountDownLatch(1);
    List<Process> children = new ArrayList<>();
    say("data dir " + dir);
    ServerConfig config = ServerConfig.loopback(dir, "localhost", 0, freePort());
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), a -> {
      printAlert(a, alerts);
      if (a.alertName().equals("IoT_CryptoMiner")) {
        minerAlert.countDown();
      }
    })) {
      say("server up: MQTT 127.0.0.1:" + config.mqttPort() + ", API http://127.0.0.1:" + server.httpPort() + "/healthz");
      RegisteredDevice device = server.registry().create("demo-" + hostName(), null);
      say("registered device '" + device.deviceId() + "'");
      String connection = VigilServer.connectionString(device, config.hostName(), config.mqttPort());
      Process agent = javaProcess(dir.resolve("agent.log"), connection, "agent", "--sdk-socket", dir.resolve("agent.sock").toString(),
          "--spool-dir", dir.resolve("spool").toString());
      children.add(agent);
      agent.outputWriter().close();
      say("agent started (pid " + agent.pid() + ", log " + dir.resolve("agent.log") + ")");
      Instant end = Instant.now().plus(duration);
      // The miner must start after the agent's process collector is listening, or it is already
      // running when the agent looks: wait for the agent's first connect (its collectors exist by then).
      awaitAgentReady(dir.resolve("agent.log"), end);
      Path miner = dir.resolve("bin/xmrig");
      Files.createDirectories(miner.getParent());
      Files.copy(sleepBinary(), miner, StandardCopyOption.COPY_ATTRIBUTES);
      long lifetime = Math.max(5, Duration.between(Instant.now(), end).toSeconds());
      Process fake = new ProcessBuilder(miner.toString(), Long.toString(lifetime)).inheritIO().start();
      children.add(fake);
      say("started a harmless fake miner: " + miner + " " + lifetime + " (pid " + fake.pid() + ")");
      sleepUntil(end, end);
      // On a busy host the miner's alert can come a little after the end: give it a grace period.
      if (minerAlert.getCount() > 0) {
        say("waiting up to " + GRACE.toSeconds() + " s more for the miner's alert");
        minerAlert.await(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      say(alerts.get() + " alert(s) raised. Query them with: vigil query --data-dir " + dir
          + " \"SELECT AlertName, DeviceId, Description FROM SecurityAlert\" (while a server runs on that dir, or after)");
    } finally {
      for (Process p : children) {
        p.destroy();
      }
      for (Process p : children) {
        p.waitFor();
      }
    }
    return 0;
  }

  private Process javaProcess(Path log, String connectionString, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The key travels in the environment, not in the process list.
    pb.environment().put("VIGIL_CONNECTION_STRING", connectionString);
    return pb.start();
  }

  private static void printAlert(Alert a, AtomicInteger count) {
    count.incrementAndGet();
    System.out.printf("%nALERT %s [%s] device=%s%n  %s%n  %s%n  entities: %s%n  rule: %s, MITRE %s %s%n%n",
        a.alertName(), a.severity().wireName(), a.deviceId(), a.displayName(), a.description(), a.entities(),
        a.ruleId(), a.tactics(), a.techniques());
    System.out.flush();
  }

  private static void say(String s) {
    System.out.println("demo: " + s);
    System.out.flush();
  }

  private static void awaitAgentReady(Path log, Instant end) throws InterruptedException, IOException {
    while (Instant.now().isBefore(end)) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      if (text.contains("INFO  agent: connected to") || text.contains("collecting anyway")) {
        Thread.sleep(500); // the first collection round runs right after the connect
        return;
      }
      Thread.sleep(200);
    }
  }

  private static void sleepUntil(Instant t, Instant end) throws InterruptedException {
    Instant until = t.isAfter(end) ? end : t;
    long ms = Duration.between(Instant.now(), until).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static Path sleepBinary() {
    return Stream.of("/usr/bin/sleep", "/bin/sleep").map(Path::of).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException("no 'sleep' binary in /usr/bin or /bin to copy as the fake miner"));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
    } catch (IOException e) {
      return "host";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
