package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-collection settings end to end: changed through the API of a running server, applied to
 * what real MQTT devices send, checked in the real workspace.
 */
class DataCollectionServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static VigilServer server;
  static int mqtt;
  static String token;
  static final List<Alert> alerts = new CopyOnWriteArrayList<>();
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    server = VigilServer.start(ServerConfig.loopback(dir, "localhost", 0, mqtt), Clock.systemUTC(), alerts::add);
    token = AdminToken.read(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Reply(int status, JsonNode body) {}

  static Reply call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  /** The rows of a query, once it returns at least {@code atLeast} of them (hub operations are stored asynchronously). */
  static JsonNode rows(String sql, int atLeast) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      Reply r = call("POST", "/api/v1/query", JSON.createObjectNode().put("sql", sql).toString());
      assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
      if (r.body().get("rows").size() >= atLeast || System.currentTimeMillis() > deadline) {
        return r.body().get("rows");
      }
      Thread.sleep(100);
    }
  }

  private static ConnectionCreate connectionTo(String remote) {
    return new ConnectionCreate(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new ConnectionCreate.Connection(
        remote, "443", "10.20.30.40", "51000", Direction.OUT, "TCP", 42, "0", "/usr/bin/curl", "curl https://" + remote + "/x", Map.of())));
  }

  @Test
  void prefixMaskingStoresMaskedAddressesWhileThreatIntelStillSeesTheRealOne() throws Exception {
    assertThat(call("PUT", "/api/v1/security-groups/masked/settings", "{\"ipMasking\": {\"mode\": \"prefix\"}}").status()).isEqualTo(200);
    RegisteredDevice gw = server.registry().create("gw-masked", "masked");
    TestDevice.publish(mqtt, gw, List.of(connectionTo("192.0.2.10"))); // TEST-NET-1 is in the bundled feed

    JsonNode raw = rows("SELECT EventDetails->>'RemoteAddress', EventDetails->>'LocalAddress', EventDetails->>'CommandLine'"
        + " FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-masked'", 1);
    assertThat(raw.toString()).isEqualTo("[[\"192.0.2.0\",\"10.20.30.0\",\"curl https://192.0.2.0/x\"]]");
    JsonNode alert = rows("SELECT AlertName, Description, Entities->>'RemoteIp', ExtendedProperties->>'MatchedValue'"
        + " FROM SecurityAlert WHERE DeviceId = 'gw-masked'", 1);
    assertThat(alert.get(0).get(0).asText()).isEqualTo("IoT_TiConnection");
    assertThat(alert.get(0).get(2).asText()).isEqualTo("192.0.2.0");
    assertThat(alert.get(0).get(3).asText()).isEqualTo("192.0.2.0");
    assertThat(alert.toString()).doesNotContain("192.0.2.10");
    assertThat(alerts).filteredOn(a -> a.deviceId().equals("gw-masked")).singleElement()
        .satisfies(a -> assertThat(a.description()).contains("to 192.0.2.0:443/TCP").doesNotContain("192.0.2.10"));
    JsonNode connect = rows("SELECT SourceIp FROM HubOperation WHERE DeviceId = 'gw-masked' AND Operation = 'Connect'", 1);
    assertThat(connect.toString()).isEqualTo("[[\"127.0.0.0\"]]");
  }

  @Test
  void hashMaskingStoresAKeyedHashAndAuditsTheChangeWithoutTheKey() throws Exception {
    assertThat(call("PUT", "/api/v1/security-groups/hashed/settings", "{\"ipMasking\": {\"mode\": \"hash\"}}").status()).isEqualTo(200);
    RegisteredDevice gw = server.registry().create("gw-hashed", "hashed");
    TestDevice.publish(mqtt, gw, List.of(connectionTo("198.51.100.23")));
    JsonNode raw = rows("SELECT EventDetails->>'RemoteAddress' FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-hashed'", 1);
    assertThat(raw.get(0).get(0).asText()).matches("hmac:[0-9a-f]{20}");
    JsonNode audit = rows("SELECT Result, Details->>'Scope', Details->>'Changes' FROM HubOperation"
        + " WHERE Operation = 'SettingsChanged' AND Details->>'Scope' = 'securityGroup:hashed'", 1);
    assertThat(audit.toString()).isEqualTo(
        "[[\"Success\",\"securityGroup:hashed\",\"ipMasking: unset -> {\\\"mode\\\":\\\"hash\\\",\\\"ipv4Prefix\\\":24,\\\"ipv6Prefix\\\":48}\"]]");
    String key = java.util.HexFormat.of().formatHex(java.nio.file.Files.readAllBytes(dir.resolve("ip-mask.key")));
    assertThat(rows("SELECT * FROM HubOperation", 1).toString()).doesNotContain(key);
  }

  @Test
  void withMonitoringOffNothingIsStoredOrAnalysedButItIsCounted() throws Exception {
    assertThat(call("PUT", "/api/v1/security-groups/quiet/settings", "{\"securityMonitoring\": false}").status()).isEqualTo(200);
    RegisteredDevice gw = server.registry().create("gw-quiet", "quiet");
    TestDevice.publish(mqtt, gw, List.of(connectionTo("192.0.2.11")));
    // Its Disconnect is recorded once the broker saw the connection close, after the client returned.
    Reply group = call("GET", "/api/v1/security-groups/quiet/settings", null);
    long deadline = System.currentTimeMillis() + 10_000;
    while (group.body().get("unmonitoredOperations").asLong() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      group = call("GET", "/api/v1/security-groups/quiet/settings", null);
    }
    assertThat(group.body().get("unmonitoredEvents").asLong()).isEqualTo(1);
    assertThat(group.body().get("unmonitoredOperations").asLong()).as("its Connect and Disconnect").isEqualTo(2);
    assertThat(group.body().get("effective").get("securityMonitoring").asBoolean()).isFalse();
    assertThat(group.body().get("overrides").toString()).isEqualTo("{\"securityMonitoring\":false}");

    // Back on, live: the next message is stored and analysed. It is also the barrier for what the first one must not have
    // left: one pipeline shard handles a device's messages in order (storing, then analysing), and hub operations are
    // stored in the order recorded, so once the second session's Connect and alert are there, the first's would be too.
    assertThat(call("DELETE", "/api/v1/security-groups/quiet/settings", null).status()).isEqualTo(204);
    TestDevice.publish(mqtt, gw, List.of(connectionTo("192.0.2.12")));
    assertThat(rows("SELECT Operation FROM HubOperation WHERE DeviceId = 'gw-quiet' AND Operation = 'Connect'", 1).toString())
        .isEqualTo("[[\"Connect\"]]");
    deadline = System.currentTimeMillis() + 10_000;
    while (alerts.stream().noneMatch(a -> a.deviceId().equals("gw-quiet")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(alerts).filteredOn(a -> a.deviceId().equals("gw-quiet")).as("the second message's alert only").singleElement()
        .satisfies(a -> assertThat(a.description()).contains("192.0.2.12"));
    assertThat(rows("SELECT EventDetails->>'RemoteAddress' FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-quiet'", 1).toString())
        .isEqualTo("[[\"192.0.2.12\"]]");
  }

  @Test
  void withTwinDataCollectionOffTwinOperationsAreNotStored() throws Exception {
    assertThat(call("PUT", "/api/v1/security-groups/notwin/settings", "{\"twinDataCollection\": false}").status()).isEqualTo(200);
    server.registry().create("gw-notwin", "notwin");
    server.registry().create("gw-twin", "twin");
    for (String id : List.of("gw-notwin", "gw-twin")) {
      assertThat(call("PATCH", "/api/v1/devices/" + id + "/twin", "{\"desired\": {\"Process_Mode\": \"Polling\"}}").status()).isEqualTo(200);
    }
    // gw-notwin's update was recorded first, and hub operations are stored in the order recorded: once gw-twin's is
    // there, gw-notwin's would be too.
    assertThat(rows("SELECT DeviceId FROM HubOperation WHERE Operation = 'TwinDesiredUpdate' AND DeviceId LIKE 'gw-%twin'", 1).toString())
        .isEqualTo("[[\"gw-twin\"]]");
    assertThat(rows("SELECT count(*) FROM HubOperation WHERE DeviceId = 'gw-notwin'", 1).toString()).isEqualTo("[[0]]");
    Reply twin = call("GET", "/api/v1/devices/gw-notwin/twin", null);
    assertThat(twin.body().get("desired").get("Process_Mode").asText()).as("the twin itself is kept").isEqualTo("Polling");
  }

  @Test
  void aGroupsDataIsWrittenToTheWorkspaceItsSettingsName() throws Exception {
    assertThat(call("PUT", "/api/v1/security-groups/eu/settings", "{\"workspace\": \"eu-west\"}").status()).isEqualTo(200);
    RegisteredDevice gw = server.registry().create("gw-eu", "eu");
    TestDevice.publish(mqtt, gw, List.of(connectionTo("192.0.2.13")));
    String body = JSON.createObjectNode().put("sql", "SELECT (SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-eu'),"
        + " (SELECT count(*) FROM SecurityAlert WHERE DeviceId = 'gw-eu'), (SELECT count(*) FROM HubOperation WHERE DeviceId = 'gw-eu')")
        .put("workspace", "eu-west").toString();
    long deadline = System.currentTimeMillis() + 10_000;
    Reply eu = call("POST", "/api/v1/query", body);
    while (!eu.body().path("rows").toString().equals("[[1,1,2]]") && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      eu = call("POST", "/api/v1/query", body);
    }
    assertThat(eu.body().get("rows").toString()).as("raw event, alert, Connect and Disconnect").isEqualTo("[[1,1,2]]");
    assertThat(java.nio.file.Files.exists(dir.resolve("workspaces/eu-west/workspace.duckdb"))).isTrue();
    assertThat(rows("SELECT (SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-eu'),"
        + " (SELECT count(*) FROM HubOperation WHERE DeviceId = 'gw-eu')", 1).toString()).isEqualTo("[[0,0]]");
    Reply missing = call("POST", "/api/v1/query", JSON.createObjectNode().put("sql", "SELECT 1").put("workspace", "nowhere").toString());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("error").asText())
        .isEqualTo("/workspace: no workspace 'nowhere' (one exists once a security group's data was written to it)");
  }

  static String query(String workspace, String sql) throws Exception {
    Reply r = call("POST", "/api/v1/query", JSON.createObjectNode().put("sql", sql).put("workspace", workspace).toString());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.body().get("rows").toString();
  }

  @Test
  void anAlertOpenedBeforeItsGroupMovedIsCountedAndTriagedInTheWorkspaceThatHoldsIt() throws Exception {
    assertThat(call("PUT", "/api/v1/security-groups/mover/settings", "{\"workspace\": \"mover-ws\"}").status()).isEqualTo(200);
    RegisteredDevice gw = server.registry().create("gw-mover", "mover");
    TestDevice.publish(mqtt, gw, TestAlertApi.miners(Instant.now(), 1, 1));
    String id = TestAlertApi.alertsCounting(server, "gw-mover", 1).get(0).path("systemAlertId").asText();
    assertThat(query("mover-ws", "SELECT count(*) FROM SecurityAlert WHERE DeviceId = 'gw-mover'")).isEqualTo("[[1]]");

    // The group moves to the default workspace; the open alert stays in mover-ws and absorbs the next occurrence there.
    assertThat(call("PUT", "/api/v1/security-groups/mover/settings", "{\"workspace\": \"default\"}").status()).isEqualTo(200);
    TestDevice.publish(mqtt, gw, TestAlertApi.miners(Instant.now(), 1, 2));
    JsonNode alerts = TestAlertApi.alertsCounting(server, "gw-mover", 2);
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.path("count").asLong()).isEqualTo(2));
    assertThat(query("mover-ws", "SELECT Count FROM SecurityAlert WHERE DeviceId = 'gw-mover'")).isEqualTo("[[2]]");
    assertThat(query("default", "SELECT count(*) FROM SecurityAlert WHERE DeviceId = 'gw-mover'")).isEqualTo("[[0]]");

    Reply resolved = call("PATCH", "/api/v1/alerts/" + id, "{\"status\": \"Resolved\", \"comment\": \"moved and reimaged\"}");
    assertThat(resolved.status()).as(resolved.body().toString()).isEqualTo(200);
    assertThat(resolved.body().path("status").asText()).isEqualTo("Resolved");
    assertThat(query("mover-ws", "SELECT Status FROM SecurityAlert WHERE DeviceId = 'gw-mover'")).isEqualTo("[[\"Resolved\"]]");
    assertThat(call("GET", "/api/v1/alerts/" + id, null).body().path("history").get(0).path("comment").asText()).isEqualTo("moved and reimaged");

    // Resolved, the next occurrence opens a new alert, where the group resides now.
    TestDevice.publish(mqtt, gw, TestAlertApi.miners(Instant.now(), 1, 3));
    assertThat(TestAlertApi.alertsCounting(server, "gw-mover", 3)).extracting(a -> a.path("status").asText() + "/" + a.path("count").asLong())
        .containsExactly("New/1", "Resolved/2");
    assertThat(query("default", "SELECT Status, Count FROM SecurityAlert WHERE DeviceId = 'gw-mover'")).isEqualTo("[[\"New\",1]]");
  }

  @Test
  void theApiRefusesBadSettingsWithEveryProblemLocated() throws Exception {
    Reply r = call("PUT", "/api/v1/settings", "{\"rawEventRetentionDays\": \"7\", \"ipFilter\": {\"rules\": [{\"action\": \"deny\"}]}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("problems").toString()).isEqualTo("[\"/rawEventRetentionDays: must be a whole number from 0 to 36500"
        + " (0 keeps raw events for ever), was \\\"7\\\"\",\"/ipFilter/rules/0/cidr: is required, an IPv4 or IPv6 address or CIDR"
        + " such as \\\"10.0.0.0/8\\\"\"]");
    assertThat(call("PUT", "/api/v1/settings", "{nope").body().get("error").asText()).startsWith("request body is not valid JSON at line 1");
    assertThat(call("GET", "/api/v1/security-groups/bad%20name/settings", null).body().get("error").asText())
        .isEqualTo("security group 'bad name' must be 1-64 letters, digits, '.', '_' or '-'");
    Reply none = call("DELETE", "/api/v1/security-groups/never-set/settings", null);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.body().get("error").asText()).isEqualTo("security group 'never-set' has no settings of its own; it follows the global settings");
    Reply global = call("GET", "/api/v1/settings", null);
    assertThat(global.body().get("global").get("rawEventRetentionDays").asInt()).isZero();
    assertThat(rows("SELECT Details->>'Reason' FROM HubOperation WHERE Operation = 'SettingsChanged' AND Result = 'Invalid'", 1)
        .get(0).get(0).asText()).startsWith("/rawEventRetentionDays: must be a whole number");
  }
}
