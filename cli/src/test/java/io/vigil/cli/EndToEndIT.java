package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton with real processes on loopback ports: server, device registration, the
 * agent on this host, a process named like a miner, and the alert read back with {@code vigil query}.
 */
class EndToEndIT {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    VigilProcess.stopAll(processes);
  }

  private String query(Path data, String sql) throws Exception {
    VigilProcess.Result r = VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv", sql);
    assertThat(r.exitCode()).as("vigil query stderr: %s", r.stderr()).isZero();
    return r.stdout();
  }

  @Test
  void minerOnTheHostRaisesAnAlertVisibleInQuery() throws Exception {
    Path data = dir.resolve("data");
    int http = VigilProcess.freePort();
    int mqtt = VigilProcess.freePort();
    int tls = VigilProcess.freePort();
    Path serverLog = dir.resolve("server.log");
    processes.add(VigilProcess.start(serverLog, Map.of(),
        "server", "--data-dir", data.toString(), "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(mqtt),
        "--https-port", "0", "--mqtt-tls-port", Integer.toString(tls), "--bind", "127.0.0.1"));
    VigilProcess.awaitHealthy(http, serverLog);

    VigilProcess.Result created = VigilProcess.run("device", "create", "e2e-1", "--data-dir", data.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    String connection = created.stdout().trim();
    assertThat(connection).startsWith("HostName=localhost;DeviceId=e2e-1;SharedAccessKey=").contains(";Port=" + mqtt);

    Path agentLog = dir.resolve("agent.log");
    processes.add(VigilProcess.start(agentLog, Map.of("VIGIL_CONNECTION_STRING", connection), "agent",
        "--sdk-socket", dir.resolve("agent.sock").toString(), "--spool-dir", dir.resolve("spool").toString()));
    VigilProcess.await("agent heartbeat", Duration.ofSeconds(60), agentLog,
        () -> query(data, "SELECT count(*) AS n FROM SecurityIoTRawEvent WHERE DeviceId = 'e2e-1' AND RawEventName = 'Heartbeat'")
            .lines().skip(1).anyMatch(Predicate.not("0"::equals)));

    // The hub recorded the agent's connect; an agent with a wrong key is refused, said why, and recorded.
    assertThat(query(data, "SELECT Operation, Result, Protocol FROM HubOperation WHERE DeviceId = 'e2e-1'"))
        .contains("Connect,Success,MQTT");
    String wrongKey = connection.replaceAll("SharedAccessKey=[^;]+", "SharedAccessKey=d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMTI=");
    VigilProcess.Result refused = VigilProcess.run(Duration.ofSeconds(60), Map.of("VIGIL_CONNECTION_STRING", wrongKey), "agent",
        "--sdk-socket", dir.resolve("refused.sock").toString(), "--spool-dir", dir.resolve("refused-spool").toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains("vigil: cannot connect to tcp://localhost:" + mqtt + " as 'e2e-1'");
    VigilProcess.await("the refusal in HubOperation", Duration.ofSeconds(10), serverLog,
        () -> query(data, "SELECT Operation, Result FROM HubOperation WHERE DeviceId = 'e2e-1'").contains("AuthFailure,InvalidSasSignature"));

    // Over TLS, trusting Vigil's CA: the same device connects; without the CA it is told why and stops.
    String overTls = connection.replaceAll(";Port=\\d+;Tls=false", ";Port=" + tls);
    VigilProcess.Result untrusted = VigilProcess.run(Duration.ofSeconds(60), Map.of("VIGIL_CONNECTION_STRING", overTls), "agent",
        "--sdk-socket", dir.resolve("untrusted.sock").toString(), "--spool-dir", dir.resolve("untrusted-spool").toString(),
        "--collectors", "heartbeat");
    assertThat(untrusted.exitCode()).isEqualTo(1);
    assertThat(untrusted.stderr()).contains("vigil: cannot connect to ssl://localhost:" + tls).contains("certification path");
    Path tlsLog = dir.resolve("agent-tls.log");
    Process tlsAgent = VigilProcess.start(tlsLog, Map.of("VIGIL_CONNECTION_STRING", overTls), "agent",
        "--ca-file", data.resolve("ca/ca.crt").toString(), "--collectors", "heartbeat",
        "--sdk-socket", dir.resolve("tls.sock").toString(), "--spool-dir", dir.resolve("tls-spool").toString());
    processes.add(tlsAgent);
    VigilProcess.await("a TLS connection", Duration.ofSeconds(30), tlsLog,
        () -> Files.readString(tlsLog).contains("connected to ssl://localhost:" + tls));
    tlsAgent.destroy();

    // A device application's own event, sent with the SDK through the agent's socket.
    try (var sender = io.vigil.sdk.SecurityEventSender.connect(dir.resolve("agent.sock"), "door-controller")) {
      var attempt = new io.vigil.model.event.Login.Attempt(77, null, "sdk-e2e-user", "AppLogin", "/opt/door/controller",
          "192.0.2.7", null, "8443", io.vigil.model.event.Login.Result.FAIL, Map.of());
      assertThat(sender.send(List.of(new io.vigil.model.event.Login(
          io.vigil.model.event.EventHeader.at(java.time.Instant.now(), java.time.ZoneOffset.UTC), List.of(attempt))))).isEqualTo(1);
    }
    VigilProcess.await("the SDK event in the workspace", Duration.ofSeconds(30), agentLog,
        () -> query(data, "SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'e2e-1' AND RawEventName = 'Login' "
            + "AND EventDetails->>'UserName' = 'sdk-e2e-user'").lines().skip(1).anyMatch(Predicate.not("0"::equals)));

    Path miner = dir.resolve("bin/xmrig");
    Files.createDirectories(miner.getParent());
    Files.copy(Path.of(Files.isExecutable(Path.of("/usr/bin/sleep")) ? "/usr/bin/sleep" : "/bin/sleep"), miner,
        StandardCopyOption.COPY_ATTRIBUTES);
    Process fake = new ProcessBuilder(miner.toString(), "60").start();
    processes.add(fake);

    VigilProcess.await("IoT_CryptoMiner alert within 30 s", Duration.ofSeconds(30), agentLog,
        () -> query(data, "SELECT AlertName, Entities->>'Image' AS process FROM SecurityAlert WHERE DeviceId = 'e2e-1'")
            .contains("IoT_CryptoMiner," + miner));
    // The alert through the CLI: listed, then resolved with a comment kept in the audit table.
    VigilProcess.Result listed = VigilProcess.run("alerts", "list", "--device", "e2e-1", "--format", "json", "--data-dir", data.toString());
    assertThat(listed.stdout()).as(listed.stderr()).contains("\"alertName\":\"IoT_CryptoMiner\"", "\"status\":\"New\"");
    String alertId = listed.stdout().lines().filter(l -> l.contains("IoT_CryptoMiner")).findFirst().orElseThrow()
        .replaceAll(".*\"systemAlertId\":\"([^\"]+)\".*", "$1");
    VigilProcess.Result resolved = VigilProcess.run("alerts", "resolve", alertId, "--comment", "e2e", "--data-dir", data.toString());
    assertThat(resolved.stdout().trim()).as(resolved.stderr()).isEqualTo("alert " + alertId + " (IoT_CryptoMiner on e2e-1): Resolved");
    assertThat(query(data, "SELECT OldStatus, NewStatus, Comment FROM AlertStatusChange WHERE SystemAlertId = '" + alertId + "'"))
        .contains("New,Resolved,e2e");
    // Lifecycle through the CLI, which goes through the running server's API.
    VigilProcess.Result disabled = VigilProcess.run("device", "disable", "e2e-1", "--data-dir", data.toString());
    assertThat(disabled.stdout().trim()).as(disabled.stderr()).isEqualTo("device 'e2e-1' disabled and disconnected");
    VigilProcess.Result missing = VigilProcess.run("device", "delete", "nope", "--data-dir", data.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("vigil: no device 'nope'");
    VigilProcess.Result rotated = VigilProcess.run("device", "rotate-key", "e2e-1", "--secondary", "--data-dir", data.toString());
    assertThat(rotated.stdout()).startsWith("HostName=localhost;DeviceId=e2e-1;SharedAccessKey=");
    VigilProcess.Result again = VigilProcess.run("device", "rotate-key", "e2e-1", "--secondary", "--data-dir", data.toString());
    assertThat(again.stdout()).startsWith("HostName=localhost;DeviceId=e2e-1;SharedAccessKey=").isNotEqualTo(rotated.stdout());

    String raw = query(data, "SELECT EventDetails->>'CommandLine' FROM SecurityIoTRawEvent "
        + "WHERE RawEventName = 'ProcessCreate' AND (EventDetails->>'ProcessId')::BIGINT = " + fake.pid());
    assertThat(raw).contains(miner + " 60");
  }

  @Test
  void badArgumentsAndInputsGetClearErrors() throws Exception {
    VigilProcess.Result bad = VigilProcess.run(Duration.ofSeconds(60), Map.of(), "agent", "--connection-string", "HostName=h;DeviceId=d");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stderr()).contains("vigil: connection string: SharedAccessKey is missing");

    VigilProcess.Result unknown = VigilProcess.run("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("Unmatched argument at index 0: 'frobnicate'");

    VigilProcess.Result noDb = VigilProcess.run("query", "--data-dir", dir.resolve("empty").toString(), "SELECT 1");
    assertThat(noDb.exitCode()).isEqualTo(1);
    assertThat(noDb.stderr()).contains("no workspace at").contains("start 'vigil server' with this data dir first");

    VigilProcess.Result collectors = VigilProcess.run("agent", "--once", "--collectors", "process,usb");
    assertThat(collectors.exitCode()).isEqualTo(1);
    assertThat(collectors.stderr()).contains("vigil: --collectors: unknown collector 'usb'; available: ");

    VigilProcess.Result devices = VigilProcess.run("demo", "--devices", "5");
    assertThat(devices.exitCode()).isEqualTo(1);
    assertThat(devices.stderr()).contains("--devices 5: the fleet simulator is not built yet");

    VigilProcess.Result duration = VigilProcess.run("demo", "--duration", "soon");
    assertThat(duration.exitCode()).isEqualTo(2);
    assertThat(duration.stderr()).contains("'soon' is not a duration");
  }

  @Test
  void demoPrintsACryptoMinerAlert() throws Exception {
    VigilProcess.Result demo = VigilProcess.run(Duration.ofSeconds(120), Map.of(), "demo", "--duration", "20s");
    assertThat(demo.exitCode()).as(demo.stderr()).isZero();
    assertThat(demo.stdout()).contains("ALERT IoT_CryptoMiner [High]", "A known coin miner ran", "1 alert(s) raised");
  }

  @Test
  void launcherSaysWhatToInstallWithoutAJdk25() throws Exception {
    Path launcher = Path.of(System.getProperty("vigil.launcher", "../vigil")).toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--version").redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", dir.resolve("no-jdk").toString());
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("VIGIL_JDK_DIR", dir.resolve("empty-jvm-dir").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(out).contains("Vigil needs a JDK 25 or newer, and found none").contains("Temurin 25");
  }

  @Test
  void launcherRunsTheCli() throws Exception {
    Path launcher = Path.of(System.getProperty("vigil.launcher", "../vigil")).toAbsolutePath();
    Process p = new ProcessBuilder("bash", launcher.toString(), "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("vigil 0.1.0");
  }

  @Test
  void versionHelpAndOnceWork() throws Exception {
    assertThat(VigilProcess.run("--version").stdout()).startsWith("vigil 0.1.0");
    String help = VigilProcess.run("--help").stdout();
    assertThat(help).contains("server", "agent", "device", "query", "demo");
    VigilProcess.Result once = VigilProcess.run("agent", "--once", "--output", "-");
    assertThat(once.exitCode()).as(once.stderr()).isZero();
    assertThat(once.stdout()).contains("\"MessageSchemaVersion\":\"1.0\"", "\"Name\":\"Heartbeat\"", "\"Name\":\"ProcessCreate\"");
    VigilProcess.Result heartbeatOnly = VigilProcess.run("agent", "--once", "--collectors", "heartbeat");
    assertThat(heartbeatOnly.stdout()).contains("\"Name\":\"Heartbeat\"").doesNotContain("ProcessCreate");
  }

  @Test
  void mavenRefusesAJdkOlderThan25WithAClearMessage() throws Exception {
    Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 on this machine");
    Path root = Path.of(System.getProperty("vigil.launcher", "../vigil")).toAbsolutePath().getParent();
    ProcessBuilder pb = new ProcessBuilder("mvn", "-B", "-o", "-q", "-N", "validate").directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", jdk17.toString());
    pb.environment().remove("MAVEN_OPTS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isNotZero();
    assertThat(out).contains("Vigil builds with JDK 25 or newer, but Maven is running on Java 17");
  }
}
