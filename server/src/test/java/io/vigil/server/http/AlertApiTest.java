package io.vigil.server.http;

import static io.vigil.server.alerts.TestAlerts.miner;
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
import io.vigil.server.alerts.AlertRecorder;
import io.vigil.server.alerts.AlertTriage;
import io.vigil.store.DuckDbWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert API over real HTTP on loopback, with a real workspace and the lifecycle the pipeline shares. */
class AlertApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T.plusSeconds(7200), ZoneOffset.UTC);
  @TempDir Path dir;
  private DuckDbWorkspace workspace;
  private ApiServer api;
  private TwinService twins;
  private AlertRecorder recorder;
  private final List<Alert> told = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    workspace = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), CLOCK, new SecureRandom());
    twins = new TwinService(TwinStore.open(dir.resolve("twins"), id -> true),
        (deviceId, topic, payload) -> CompletableFuture.completedFuture(true), (deviceId, op, at) -> {}, CLOCK);
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom());
    CaRegistry cas = CaRegistry.open(dir.resolve("cas.json"), ca.certificate(), Clock.systemUTC(), new SecureRandom(), (d, op, at) -> {});
    AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1));
    recorder = new AlertRecorder(workspace, lifecycle, told::add);
    api = ApiServer.start("127.0.0.1", 0, "s3cret"::equals, ApiServer.Parts.of(registry, workspace, d -> "", d -> {}, twins, cas, ca,
        new AlertTriage(workspace, lifecycle, CLOCK),
        new RuleRoutes.Rules(List.of(), io.vigil.detect.settings.LiveRuleSettings.open(dir.resolve("rules-settings.json")))));
  }

  @AfterEach
  void stop() {
    api.close();
    twins.close();
    workspace.close();
  }


  private record Reply(int status, JsonNode body) {}

  private Reply call(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Authorization", "Bearer s3cret")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  private String error(String method, String path, String body, int status) throws Exception {
    Reply r = call(method, path, body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
    return r.body().path("error").asText();
  }

  @Test
  void alertsAreListedByStatusDeviceAndSinceAndShownWithTheirHistory() throws Exception {
    recorder.record(List.of(miner("gw-1", "e1", T), miner("gw-1", "e2", T.plusSeconds(60)), miner("gw-2", "e3", T.plusSeconds(120))));
    Reply all = call("GET", "/api/v1/alerts", null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body()).hasSize(2);
    JsonNode latest = all.body().get(0);
    assertThat(latest.path("deviceId").asText()).isEqualTo("gw-2");
    JsonNode first = all.body().get(1);
    assertThat(first.path("systemAlertId").asText()).isEqualTo("id-e1");
    assertThat(first.path("count").asLong()).isEqualTo(2);
    assertThat(first.path("status").asText()).isEqualTo("New");
    assertThat(first.path("lastSeen").asText()).isEqualTo("2026-11-22T10:01:00Z");
    assertThat(first.path("entities").path("Process").asText()).isEqualTo("/tmp/xmrig");
    assertThat(first.path("extendedProperties").path("EvidenceEventIds").asText()).isEqualTo("e1,e2");
    assertThat(first.path("techniques").toString()).isEqualTo("[\"T1496\"]");

    assertThat(call("GET", "/api/v1/alerts?device=gw-1", null).body()).hasSize(1);
    assertThat(call("GET", "/api/v1/alerts?status=New,Active", null).body()).hasSize(2);
    assertThat(call("GET", "/api/v1/alerts?status=Resolved", null).body()).isEmpty();
    assertThat(call("GET", "/api/v1/alerts?since=2026-11-22T10:01:30Z", null).body()).hasSize(1);
    assertThat(call("GET", "/api/v1/alerts?limit=1", null).body()).hasSize(1);

    Reply one = call("GET", "/api/v1/alerts/id-e1", null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body().path("count").asLong()).isEqualTo(2);
    assertThat(one.body().path("history")).isEmpty();
  }

  @Test
  void badFiltersAreRefusedSayingWhich() throws Exception {
    assertThat(error("GET", "/api/v1/alerts?status=Open", null, 400)).isEqualTo("status: 'Open' is not one of New, Active, Resolved, Dismissed");
    assertThat(error("GET", "/api/v1/alerts?since=yesterday", null, 400))
        .isEqualTo("since: 'yesterday' is not an ISO-8601 instant such as 2026-11-22T10:00:00Z");
    assertThat(error("GET", "/api/v1/alerts?limit=0", null, 400)).isEqualTo("limit: must be a whole number from 1 to 1000, was '0'");
    assertThat(error("GET", "/api/v1/alerts?limit=ten", null, 400)).isEqualTo("limit: must be a whole number from 1 to 1000, was 'ten'");
    assertThat(error("GET", "/api/v1/alerts?device=a%20b", null, 400)).startsWith("device: ");
    assertThat(error("GET", "/api/v1/alerts/nope", null, 404)).isEqualTo("no alert 'nope'");
  }

  @Test
  void statusChangesAreValidatedAuditedAndFollowedByTheLifecycle() throws Exception {
    recorder.record(List.of(miner("gw-1", "e1", T)));
    Reply resolved = call("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Resolved\", \"comment\": \"miner removed\"}");
    assertThat(resolved.status()).isEqualTo(200);
    assertThat(resolved.body().path("status").asText()).isEqualTo("Resolved");
    JsonNode change = resolved.body().path("history").get(0);
    assertThat(change.path("oldStatus").asText()).isEqualTo("New");
    assertThat(change.path("newStatus").asText()).isEqualTo("Resolved");
    assertThat(change.path("actor").asText()).isEqualTo("admin");
    assertThat(change.path("comment").asText()).isEqualTo("miner removed");
    assertThat(change.path("timeGenerated").asText()).isEqualTo("2026-11-22T12:00:00Z");

    recorder.record(List.of(miner("gw-1", "e2", T.plusSeconds(60))));
    assertThat(told).extracting(Alert::systemAlertId).as("after a resolved alert, a new one opens").containsExactly("id-e1", "id-e2");
    assertThat(call("PATCH", "/api/v1/alerts/id-e2", "{\"status\": \"Dismissed\"}").status()).isEqualTo(200);
    recorder.record(List.of(miner("gw-1", "e3", T.plusSeconds(90))));
    recorder.flush(); // the pipeline writes updates once a second
    assertThat(told).as("a dismissed alert absorbs silently").hasSize(2);
    assertThat(call("GET", "/api/v1/alerts/id-e2", null).body().path("count").asLong()).isEqualTo(2);
    assertThat(call("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Active\", \"comment\": \"it came back\"}").body()
        .path("history")).hasSize(2);

    assertThat(workspace.query("SELECT SystemAlertId, OldStatus, NewStatus, Comment FROM AlertStatusChange ORDER BY TimeGenerated, rowid", 10)
        .rows()).containsExactly(List.of("id-e1", "New", "Resolved", "miner removed"), List.of("id-e2", "New", "Dismissed", ""),
            List.of("id-e1", "Resolved", "Active", "it came back"));
  }

  @Test
  void badStatusChangesAreRefusedWithExactMessages() throws Exception {
    recorder.record(List.of(miner("gw-1", "e1", T)));
    assertThat(error("PATCH", "/api/v1/alerts/nope", "{\"status\": \"Resolved\"}", 404)).isEqualTo("no alert 'nope'");
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Closed\"}", 400))
        .isEqualTo("/status: 'Closed' is not one of Active, Resolved, Dismissed");
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"New\"}", 400))
        .isEqualTo("/status: 'New' is not one of Active, Resolved, Dismissed");
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"comment\": \"x\"}", 400))
        .isEqualTo("/status: a string is required, one of Active, Resolved, Dismissed");
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Resolved\", \"count\": 0}", 400))
        .isEqualTo("/count: unknown field; only status and comment can be given");
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Resolved\", \"comment\": 5}", 400)).isEqualTo("/comment: must be a string");
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Resolved\", \"comment\": \"" + "x".repeat(1001) + "\"}", 400))
        .isEqualTo("/comment: at most 1000 characters, was 1001");
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"status\": ", 400)).startsWith("request body is not valid JSON at line 1");
    assertThat(call("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Active\"}").status()).isEqualTo(200);
    assertThat(error("PATCH", "/api/v1/alerts/id-e1", "{\"status\": \"Active\"}", 409)).isEqualTo("alert 'id-e1' is already Active");
    assertThat(workspace.alertStatusChanges("id-e1")).hasSize(1);
  }
}
