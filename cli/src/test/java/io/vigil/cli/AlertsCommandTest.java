package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.twin.TwinService;
import io.vigil.hub.twin.TwinStore;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.server.alerts.AlertRecorder;
import io.vigil.server.alerts.AlertTriage;
import io.vigil.server.http.ApiServer;
import io.vigil.store.DuckDbWorkspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil alerts} against a real API server on loopback, found through the data dir as a running server leaves it. */
class AlertsCommandTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  @TempDir Path dir;
  private DuckDbWorkspace workspace;
  private TwinService twins;
  private ApiServer api;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.fixed(T.plusSeconds(600), ZoneOffset.UTC);
    workspace = DuckDbWorkspace.open(dir.resolve("workspace.duckdb"));
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    twins = new TwinService(TwinStore.open(dir.resolve("twins"), id -> true),
        (deviceId, topic, payload) -> CompletableFuture.completedFuture(true), (deviceId, op, at) -> {}, clock);
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom());
    CaRegistry cas = CaRegistry.open(dir.resolve("cas.json"), ca.certificate(), Clock.systemUTC(), new SecureRandom(), (d, op, at) -> {});
    AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1));
    api = ApiServer.start("127.0.0.1", 0, "t0ken"::equals, ApiServer.Parts.of(registry, workspace, d -> "", d -> {}, twins, cas, ca,
        new AlertTriage(workspace, lifecycle, clock),
        new io.vigil.server.http.RuleRoutes.Rules(java.util.List.of(),
            io.vigil.detect.settings.LiveRuleSettings.open(dir.resolve("rules-settings.json")))));
    Files.writeString(dir.resolve("admin.token"), "t0ken");
    Files.writeString(dir.resolve("server.json"), "{\"hostName\":\"localhost\",\"httpPort\":" + api.port()
        + ",\"mqttPort\":1883,\"pid\":" + ProcessHandle.current().pid() + "}");
    AlertRecorder recorder = new AlertRecorder(workspace, lifecycle, a -> {});
    recorder.record(List.of(miner("gw-1", "e1", T), miner("gw-1", "e2", T.plusSeconds(5)), miner("gw-2", "e3", T.plusSeconds(9))));
  }

  @AfterEach
  void stop() {
    api.close();
    twins.close();
    workspace.close();
  }

  private static Alert miner(String device, String eventId, Instant at) {
    return new Alert("id-" + eventId, "IoT_CryptoMiner", "Crypto coin miner detected", Severity.HIGH, "miner", "", device,
        Map.of("Device", device, "Process", "/tmp/xmrig", "User", "pi"), Map.of("EventId", eventId), AlertStatus.NEW, 1, at, at, at,
        "builtin:crypto-miner", List.of("Impact"), List.of("T1496"));
  }

  private int vigil(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    var cli = Main.cli();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void listShowResolveAndDismissGoThroughTheServer() throws Exception {
    String d = dir.toString();
    assertThat(vigil("alerts", "list", "--data-dir", d)).isZero();
    assertThat(out.toString().lines().toList()).containsExactly(
        "SystemAlertId  Status  Severity  AlertName        DeviceId  Count  LastSeen",
        "-------------  ------  --------  ---------------  --------  -----  --------------------",
        "id-e3          New     High      IoT_CryptoMiner  gw-2      1      2026-11-22T10:00:09Z",
        "id-e1          New     High      IoT_CryptoMiner  gw-1      2      2026-11-22T10:00:05Z",
        "(2 rows)");
    assertThat(vigil("alerts", "resolve", "id-e1", "--comment", "reimaged", "--data-dir", d)).isZero();
    assertThat(out.toString()).isEqualTo("alert id-e1 (IoT_CryptoMiner on gw-1): Resolved\n");
    assertThat(vigil("alerts", "dismiss", "id-e3", "--data-dir", d)).isZero();
    assertThat(vigil("alerts", "list", "--status", "Resolved", "--format", "json", "--data-dir", d)).isZero();
    assertThat(out.toString().lines()).singleElement().satisfies(l -> assertThat(l).contains("\"systemAlertId\":\"id-e1\""));
    assertThat(vigil("alerts", "list", "--device", "gw-2", "--since", "2026-11-22T10:00:06Z", "--format", "json", "--data-dir", d)).isZero();
    assertThat(out.toString().lines()).singleElement().satisfies(l -> assertThat(l).contains("\"status\":\"Dismissed\""));
    assertThat(vigil("alerts", "show", "id-e1", "--data-dir", d)).isZero();
    JsonNode shown = new ObjectMapper().readTree(out.toString());
    assertThat(shown.path("history").get(0).path("comment").asText()).isEqualTo("reimaged");
  }

  @Test
  void failuresSayWhatWasWrong() {
    String d = dir.toString();
    assertThat(vigil("alerts", "resolve", "id-e1", "--data-dir", d)).isZero();
    assertThat(vigil("alerts", "resolve", "id-e1", "--data-dir", d)).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: alert 'id-e1' is already Resolved\n");
    assertThat(vigil("alerts", "show", "nope", "--data-dir", d)).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: no alert 'nope'\n");
    assertThat(vigil("alerts", "list", "--status", "Open", "--data-dir", d)).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: status: 'Open' is not one of New, Active, Resolved, Dismissed\n");
    assertThat(vigil("alerts", "list", "--since", "lately", "--data-dir", d)).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: --since 'lately' is neither an instant (2026-11-22T10:00:00Z) nor a duration (30m, 24h, 7d)\n");
    assertThat(vigil("alerts", "list", "--format", "xml", "--data-dir", d)).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: --format 'xml' is not one of table, json\n");
    Path empty = dir.resolve("none");
    assertThat(vigil("alerts", "list", "--data-dir", empty.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: no server is running on " + empty + "; start one with 'vigil server --data-dir " + empty
        + "' (stored alerts can also be read with 'vigil query')\n");
  }

  @Test
  void sinceTakesAnInstantOrATimeBackFromNow() {
    Clock now = Clock.fixed(T, ZoneOffset.UTC);
    assertThat(AlertsCommand.ListAlerts.since("2026-11-01T00:00:00Z", now)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(AlertsCommand.ListAlerts.since("24h", now)).isEqualTo(T.minus(Duration.ofHours(24)));
    assertThat(AlertsCommand.ListAlerts.since("7d", now)).isEqualTo(T.minus(Duration.ofDays(7)));
  }
}
