package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Login;
import io.vigil.model.event.SecurityEvent;
import io.vigil.sdk.SecurityEventSender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No loss with the hub down and the agent killed: real processes on loopback. The agent runs
 * before the server exists, takes 150 events from a device application, is killed with SIGKILL,
 * then the server starts and the agent restarts on the same spool: every event arrives, once.
 */
class SpoolEndToEndIT {
  private static final int EVENTS = 150;
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    VigilProcess.stopAll(processes);
  }

  private Process agent(String connection, Path log) throws Exception {
    Process p = VigilProcess.start(log, Map.of("VIGIL_CONNECTION_STRING", connection), "agent",
        "--sdk-socket", dir.resolve("agent.sock").toString(), "--spool-dir", dir.resolve("spool").toString(),
        "--collectors", "sdk");
    processes.add(p);
    return p;
  }

  private static SecurityEvent login(int i) {
    return new Login(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Login.Attempt(
        1000 + i, null, "spool-e2e-" + i, "AppLogin", "/opt/app", null, null, null, Login.Result.FAIL, Map.of())));
  }

  @Test
  void eventsSpooledWhileTheHubIsDownSurviveAKillAndArriveOnce() throws Exception {
    Path data = dir.resolve("data");
    int http = VigilProcess.freePort();
    int mqtt = VigilProcess.freePort();
    int tls = VigilProcess.freePort();
    // Register the device offline: no server runs yet.
    VigilProcess.Result created = VigilProcess.run("device", "create", "spool-1", "--data-dir", data.toString(),
        "--mqtt-port", Integer.toString(mqtt));
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    String connection = created.stdout().trim();

    Path agentLog = dir.resolve("agent-1.log");
    Process first = agent(connection, agentLog);
    VigilProcess.await("the agent's SDK socket", Duration.ofSeconds(60), agentLog, () -> Files.exists(dir.resolve("agent.sock")));
    try (SecurityEventSender sender = SecurityEventSender.connect(dir.resolve("agent.sock"), "spool-test")) {
      for (int batch = 0; batch < 3; batch++) {
        List<SecurityEvent> events = new ArrayList<>();
        for (int i = batch * 50; i < (batch + 1) * 50; i++) {
          events.add(login(i));
        }
        assertThat(sender.send(events)).isEqualTo(50);
      }
    }
    // Give the agent time to drain the SDK queue into the spool (every second), then kill it hard.
    Thread.sleep(3000);
    first.destroyForcibly().waitFor();
    assertThat(Files.readString(agentLog)).contains("collecting anyway: events wait in the spool");

    Path serverLog = dir.resolve("server.log");
    processes.add(VigilProcess.start(serverLog, Map.of(),
        "server", "--data-dir", data.toString(), "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(mqtt),
        "--https-port", "0", "--mqtt-tls-port", Integer.toString(tls), "--bind", "127.0.0.1"));
    VigilProcess.awaitHealthy(http, serverLog);
    agent(connection, dir.resolve("agent-2.log"));

    String sql = "SELECT count(*) AS rows, count(DISTINCT EventDetails->>'UserName') AS users FROM SecurityIoTRawEvent "
        + "WHERE DeviceId = 'spool-1' AND EventDetails->>'UserName' LIKE 'spool-e2e-%'";
    String expected = "rows,users\r\n" + EVENTS + "," + EVENTS + "\r\n";
    VigilProcess.await("all " + EVENTS + " events, once each", Duration.ofSeconds(60), dir.resolve("agent-2.log"),
        () -> VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv", sql).stdout().equals(expected));
  }
}
