package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.twin.TwinService;
import io.vigil.hub.twin.TwinStore;
import io.vigil.store.DuckDbWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTP server on a loopback port, with a real workspace and registry. */
class ApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private DuckDbWorkspace workspace;
  private ApiServer api;
  private final HttpClient http = HttpClient.newHttpClient();
  private final java.util.List<String> disconnected = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** What the twin service sent to devices: "deviceId topic body". */
  private final java.util.List<String> sentToDevices = new java.util.concurrent.CopyOnWriteArrayList<>();
  private TwinService twins;

  @BeforeEach
  void start() {
    workspace = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    twins = new TwinService(TwinStore.open(dir.resolve("twins"), id -> registry.find(id).isPresent()), (deviceId, topic, payload) -> {
      sentToDevices.add(deviceId + " " + topic + " " + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
      return java.util.concurrent.CompletableFuture.completedFuture(true);
    }, (deviceId, op, at) -> {}, Clock.systemUTC());
    api = ApiServer.start("127.0.0.1", 0, "s3cret"::equals, registry, workspace,
        d -> "HostName=x;DeviceId=" + d.deviceId() + ";SharedAccessKey=" + d.primaryKey(), disconnected::add, twins);
  }

  @AfterEach
  void stop() {
    api.close();
    twins.close();
    workspace.close();
  }

  private record Reply(int status, JsonNode body) {}

  private Reply call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  @Test
  void healthIsOpenButTheApiNeedsTheToken() throws Exception {
    assertThat(call("GET", "/healthz", null, null).status()).isEqualTo(200);
    Reply none = call("POST", "/api/v1/query", "{\"sql\":\"SELECT 1\"}", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body().path("error").asText()).isEqualTo("missing Authorization: Bearer <token>");
    assertThat(call("GET", "/api/v1/devices", null, "wrong").body().path("error").asText()).isEqualTo("invalid API token");
  }

  @Test
  void queryAnswersRowsOrSaysWhy() throws Exception {
    Reply ok = call("POST", "/api/v1/query", "{\"sql\":\"SELECT 42 AS answer, 'x' AS s\"}", "s3cret");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().toString()).isEqualTo("{\"columns\":[\"answer\",\"s\"],\"rows\":[[42,\"x\"]],\"truncated\":false}");
    Reply write = call("POST", "/api/v1/query", "{\"sql\":\"DELETE FROM SecurityAlert\"}", "s3cret");
    assertThat(write.status()).isEqualTo(400);
    assertThat(write.body().path("error").asText()).startsWith("only read-only queries");
    Reply broken = call("POST", "/api/v1/query", "{\"sql\": ", "s3cret");
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.body().path("error").asText()).startsWith("request body is not valid JSON at line 1, column");
    Reply missing = call("POST", "/api/v1/query", "{\"query\": \"SELECT 1\"}", "s3cret");
    assertThat(missing.body().path("error").asText()).isEqualTo("/sql: a string is required");
    Reply rows = call("POST", "/api/v1/query", "{\"sql\": \"SELECT 1\", \"maxRows\": 0}", "s3cret");
    assertThat(rows.body().path("error").asText()).isEqualTo("/maxRows: must be between 1 and 10000");
  }

  @Test
  void devicesAreDisabledRotatedAndDeleted() throws Exception {
    String created = call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\"}", "s3cret").body().path("connectionString").asText();
    Reply disabled = call("PATCH", "/api/v1/devices/gw-1", "{\"enabled\": false}", "s3cret");
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.body().path("enabled").asBoolean()).isFalse();
    assertThat(disconnected).containsExactly("gw-1");
    assertThat(call("PATCH", "/api/v1/devices/gw-1", "{\"enabled\": \"no\"}", "s3cret").body().path("error").asText())
        .isEqualTo("/enabled: a boolean is required, and it is the only field that can be changed");
    Reply rotated = call("POST", "/api/v1/devices/gw-1/keys/rotate", "{\"key\": \"primary\"}", "s3cret");
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.body().path("connectionString").asText()).startsWith("HostName=x;DeviceId=gw-1;").isNotEqualTo(created);
    assertThat(call("POST", "/api/v1/devices/gw-1/keys/rotate", "{\"key\": \"tertiary\"}", "s3cret").body().path("error").asText())
        .isEqualTo("/key: must be \"primary\" or \"secondary\"");
    HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/devices/gw-1"))
        .header("Authorization", "Bearer s3cret").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(204);
    Reply gone = call("GET", "/api/v1/devices/gw-1", null, "s3cret");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().path("error").asText()).isEqualTo("no device 'gw-1'");
  }

  @Test
  void devicesAreCreatedAndListed() throws Exception {
    Reply created = call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\",\"securityGroup\":\"plant-a\"}", "s3cret");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("connectionString").asText()).startsWith("HostName=x;DeviceId=gw-1;SharedAccessKey=");
    assertThat(created.body().path("securityGroup").asText()).isEqualTo("plant-a");
    Reply again = call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\"}", "s3cret");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("error").asText()).isEqualTo("device 'gw-1' already exists");
    Reply bad = call("POST", "/api/v1/devices", "{\"deviceId\":\"a b\"}", "s3cret");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").asText()).startsWith("device id 'a b' must be");
    Reply list = call("GET", "/api/v1/devices", null, "s3cret");
    assertThat(list.body()).hasSize(1);
    assertThat(list.body().get(0).path("deviceId").asText()).isEqualTo("gw-1");
    assertThat(list.body().toString()).doesNotContain("Key");
  }

  @Test
  void aDevicesTwinIsReadAndItsDesiredPropertiesChanged() throws Exception {
    call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\"}", "s3cret");
    Reply fresh = call("GET", "/api/v1/devices/gw-1/twin", null, "s3cret");
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.body().toString())
        .isEqualTo("{\"deviceId\":\"gw-1\",\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}");
    Reply changed = call("PATCH", "/api/v1/devices/gw-1/twin",
        "{\"desired\": {\"Process_Mode\": \"Polling\", \"Baseline\": {\"Disabled\": true}}}", "s3cret");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body().path("desired").toString())
        .isEqualTo("{\"Process_Mode\":\"Polling\",\"Baseline\":{\"Disabled\":true},\"$version\":2}");
    Reply merged = call("PATCH", "/api/v1/devices/gw-1/twin", "{\"desired\": {\"Process_Mode\": null, \"Baseline\": {\"x\": 1}}}", "s3cret");
    assertThat(merged.body().path("desired").toString()).isEqualTo("{\"Baseline\":{\"Disabled\":true,\"x\":1},\"$version\":3}");
    assertThat(call("GET", "/api/v1/devices/gw-1/twin", null, "s3cret").body()).isEqualTo(merged.body());
    assertThat(sentToDevices).containsExactly(
        "gw-1 $iothub/twin/PATCH/properties/desired/?$version=2 {\"Process_Mode\":\"Polling\",\"Baseline\":{\"Disabled\":true},\"$version\":2}",
        "gw-1 $iothub/twin/PATCH/properties/desired/?$version=3 {\"Process_Mode\":null,\"Baseline\":{\"x\":1},\"$version\":3}");
  }

  @Test
  void badTwinChangesAreRefusedWithWhatAndWhere() throws Exception {
    call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\"}", "s3cret");
    java.util.Map<String, String> refusals = new java.util.LinkedHashMap<>();
    refusals.put("{\"desired\": [1]}", "/desired: must be a JSON object, not an array");
    refusals.put("{\"desired\": {\"a\": {\"$version\": 3}}}", "/desired/a/$version: keys starting with '$' are reserved");
    refusals.put("{\"desired\": {\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":[]}}}}}}}}}}}}",
        "/desired/a/b/c/d/e/f/g/h/i/j/k: nested deeper than 10 levels");
    refusals.put("{\"reported\": {\"a\": 1}}", "/reported: only \"desired\" can be changed");
    refusals.put("{}", "/desired: a JSON object (a merge patch of the desired properties) is required");
    refusals.put("[]", "request body must be a JSON object");
    for (var r : refusals.entrySet()) {
      Reply reply = call("PATCH", "/api/v1/devices/gw-1/twin", r.getKey(), "s3cret");
      assertThat(reply.status()).as(r.getKey()).isEqualTo(400);
      assertThat(reply.body().path("error").asText()).as(r.getKey()).isEqualTo(r.getValue());
    }
    Reply broken = call("PATCH", "/api/v1/devices/gw-1/twin", "{\"desired\": {", "s3cret");
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.body().path("error").asText()).startsWith("request body is not valid JSON at line 1, column");
    Reply big = call("PATCH", "/api/v1/devices/gw-1/twin", "{\"desired\": {\"a\": \"" + "x".repeat(40_000) + "\"}}", "s3cret");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.body().path("error").asText()).isEqualTo("/desired: 40008 bytes of JSON; the limit is 32768");
    assertThat(call("GET", "/api/v1/devices/gw-1/twin", null, "s3cret").body().path("desired").toString()).isEqualTo("{\"$version\":1}");
    assertThat(sentToDevices).isEmpty();
  }

  @Test
  void twinsOfUnknownDevicesAre404AndTheTwinApiNeedsTheToken() throws Exception {
    Reply get = call("GET", "/api/v1/devices/nope/twin", null, "s3cret");
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.body().path("error").asText()).isEqualTo("no device 'nope'");
    assertThat(call("PATCH", "/api/v1/devices/nope/twin", "{\"desired\": {}}", "s3cret").status()).isEqualTo(404);
    call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\"}", "s3cret");
    assertThat(call("GET", "/api/v1/devices/gw-1/twin", null, null).status()).isEqualTo(401);
    assertThat(call("PATCH", "/api/v1/devices/gw-1/twin", "{\"desired\": {\"a\": 1}}", "wrong").status()).isEqualTo(401);
    assertThat(sentToDevices).isEmpty();
  }

  @Test
  void deletingADeviceDeletesItsTwin() throws Exception {
    call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\"}", "s3cret");
    call("PATCH", "/api/v1/devices/gw-1/twin", "{\"desired\": {\"a\": 1}}", "s3cret");
    assertThat(java.nio.file.Files.exists(dir.resolve("twins/gw-1.json"))).isTrue();
    HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/devices/gw-1"))
        .header("Authorization", "Bearer s3cret").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(java.nio.file.Files.exists(dir.resolve("twins/gw-1.json"))).isFalse();
    call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-1\"}", "s3cret");
    assertThat(call("GET", "/api/v1/devices/gw-1/twin", null, "s3cret").body().path("desired").toString()).isEqualTo("{\"$version\":1}");
  }
}
