package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ca.Pem;
import io.vigil.hub.ca.Thumbprint;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.server.VigilServer;
import io.vigil.server.alerts.AlertTriage;
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
import java.time.Duration;
import io.vigil.detect.pack.BuiltInPack;
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
  private CertificateAuthority ca;
  private final java.util.List<String> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final io.vigil.hub.ingest.TelemetryCounters telemetry = new io.vigil.hub.ingest.TelemetryCounters();

  @BeforeEach
  void start() {
    workspace = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    twins = new TwinService(TwinStore.open(dir.resolve("twins"), id -> registry.find(id).isPresent()), (deviceId, topic, payload) -> {
      sentToDevices.add(deviceId + " " + topic + " " + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
      return java.util.concurrent.CompletableFuture.completedFuture(true);
    }, (deviceId, op, at) -> {}, Clock.systemUTC());
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom());
    CaRegistry cas = CaRegistry.open(dir.resolve("cas.json"), ca.certificate(), Clock.systemUTC(), new SecureRandom(),
        (deviceId, op, at) -> operations.add(op.operation() + "/" + op.result()));
    api = ApiServer.start("127.0.0.1", 0, "s3cret"::equals, ApiServer.Parts.of(registry, workspace,
        d -> d.primaryKey() == null
            ? VigilServer.connectionString(d, "x", 1883, 8884)
            : "HostName=x;DeviceId=" + d.deviceId() + ";SharedAccessKey=" + d.primaryKey(),
        disconnected::add, twins, cas, ca, new AlertTriage(workspace, new AlertLifecycle(Duration.ofHours(1)), Clock.systemUTC()),
        new RuleRoutes.Rules(BuiltInPack.load().rules().rules(), ruleSettings())).withTelemetry(telemetry));
  }

  private io.vigil.detect.settings.LiveRuleSettings ruleSettings;

  private io.vigil.detect.settings.LiveRuleSettings ruleSettings() {
    ruleSettings = io.vigil.detect.settings.LiveRuleSettings.open(dir.resolve("rules-settings.json"));
    return ruleSettings;
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
        .isEqualTo("/enabled: must be true or false");
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
  void aDeviceIsShownWithItsStatusGroupAndTagsButNeverItsKeys() throws Exception {
    Reply created = call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-show\",\"securityGroup\":\"plant-a\"}", "s3cret");
    String key = created.body().path("connectionString").asText().replaceAll(".*SharedAccessKey=", "");
    call("PATCH", "/api/v1/devices/gw-show", "{\"enabled\": false}", "s3cret");
    Reply shown = call("GET", "/api/v1/devices/gw-show", null, "s3cret");
    assertThat(shown.status()).isEqualTo(200);
    String createdAt = shown.body().path("createdAt").asText();
    assertThat(java.time.Instant.parse(createdAt)).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
    assertThat(shown.body().toString()).isEqualTo("{\"deviceId\":\"gw-show\",\"securityGroup\":\"plant-a\",\"authType\":\"Sas\","
        + "\"enabled\":false,\"createdAt\":\"" + createdAt + "\",\"tags\":{\"SecurityGroup\":\"plant-a\"}}");
    assertThat(shown.body().toString()).doesNotContain(key);
    Reply byThumbprint = call("POST", "/api/v1/devices", "{\"deviceId\":\"x-show\",\"authType\":\"x509\",\"thumbprint\":\"" + "AB".repeat(32)
        + "\"}", "s3cret");
    assertThat(byThumbprint.status()).isEqualTo(201);
    assertThat(call("GET", "/api/v1/devices/x-show", null, "s3cret").body().path("primaryThumbprint").asText()).isEqualTo("AB".repeat(32));
  }

  @Test
  void tagsAreSetOnCreateAndChangedOrRemovedWithPatch() throws Exception {
    Reply created = call("POST", "/api/v1/devices",
        "{\"deviceId\":\"gw-tags\",\"tags\":{\"site\":\"Plant A\",\"SecurityGroup\":\"lab\",\"owner\":\"ops\"}}", "s3cret");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(created.body().path("securityGroup").asText()).isEqualTo("lab");
    assertThat(created.body().path("tags").toString()).isEqualTo("{\"SecurityGroup\":\"lab\",\"owner\":\"ops\",\"site\":\"Plant A\"}");

    Reply changed = call("PATCH", "/api/v1/devices/gw-tags", "{\"tags\":{\"site\":\"Plant B\",\"owner\":null,\"SecurityGroup\":\"cameras\"}}", "s3cret");
    assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
    assertThat(changed.body().path("securityGroup").asText()).isEqualTo("cameras");
    assertThat(changed.body().path("tags").toString()).isEqualTo("{\"SecurityGroup\":\"cameras\",\"site\":\"Plant B\"}");
    assertThat(call("GET", "/api/v1/devices/gw-tags", null, "s3cret").body()).isEqualTo(changed.body());
    assertThat(disconnected).as("a tag change does not disconnect").isEmpty();

    Reply both = call("PATCH", "/api/v1/devices/gw-tags", "{\"tags\":{\"SecurityGroup\":null},\"enabled\":false}", "s3cret");
    assertThat(both.body().path("securityGroup").asText()).isEqualTo("default");
    assertThat(both.body().path("enabled").asBoolean()).isFalse();
    assertThat(disconnected).containsExactly("gw-tags");

    java.util.Map<String, String> refusals = new java.util.LinkedHashMap<>();
    refusals.put("{\"tags\":{\"bad key\":\"x\"}}", "/tags/bad key: tag key 'bad key' must be 1-64 letters, digits, '.', '_' or '-'");
    refusals.put("{\"tags\":{\"a/b\":\"x\"}}", "/tags/a~1b: tag key 'a/b' must be 1-64 letters, digits, '.', '_' or '-'");
    refusals.put("{\"tags\":{\"site\":\"<script>\"}}",
        "/tags/site: tag 'site': value '<script>' must be 1-256 letters, digits, spaces or . _ : / @ + = , ( ) # -");
    refusals.put("{\"tags\":{\"site\":7}}", "/tags/site: must be a string, or null to remove the tag");
    refusals.put("{\"tags\":{\"SecurityGroup\":\"a b\"}}",
        "/tags/SecurityGroup: tag 'SecurityGroup': security group 'a b' must be 1-64 letters, digits, '.', '_' or '-'");
    refusals.put("{\"tags\":[\"site\"]}", "/tags: must be an object of tag names to string values (null removes one)");
    refusals.put("{\"keys\":1}", "/keys: unknown field; the fields that can be changed are [enabled, tags]");
    refusals.put("{}", "request body must change \"enabled\" or \"tags\"");
    for (var r : refusals.entrySet()) {
      Reply reply = call("PATCH", "/api/v1/devices/gw-tags", r.getKey(), "s3cret");
      assertThat(reply.status()).as(r.getKey()).isEqualTo(400);
      assertThat(reply.body().path("error").asText()).as(r.getKey()).isEqualTo(r.getValue());
    }
    assertThat(call("GET", "/api/v1/devices/gw-tags", null, "s3cret").body()).isEqualTo(both.body());

    Reply badCreate = call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-bad\",\"tags\":{\"site\":null}}", "s3cret");
    assertThat(badCreate.body().path("error").asText()).isEqualTo("/tags/site: must be a string");
    Reply conflict = call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-bad\",\"securityGroup\":\"a\",\"tags\":{\"SecurityGroup\":\"b\"}}",
        "s3cret");
    assertThat(conflict.body().path("error").asText())
        .isEqualTo("tag 'SecurityGroup' is 'b' but the security group is 'a': give one or make them equal");
    assertThat(call("GET", "/api/v1/devices/gw-bad", null, "s3cret").status()).isEqualTo(404);
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

  private static String quoted(String text) {
    return JSON.valueToTree(text).toString();
  }

  @Test
  void x509DevicesGetACertificateFromVigilsCaOrAreRegisteredByThumbprint() throws Exception {
    Reply issued = call("POST", "/api/v1/devices", "{\"deviceId\":\"x-1\",\"authType\":\"x509\",\"validityDays\":30}", "s3cret");
    assertThat(issued.status()).isEqualTo(201);
    assertThat(issued.body().path("authType").asText()).isEqualTo("X509SelfSigned");
    assertThat(issued.body().path("connectionString").asText()).isEqualTo("HostName=x;DeviceId=x-1;x509=true;Port=8884");
    java.security.cert.X509Certificate cert = Pem.readCertificates(issued.body().path("certificatePem").asText(), "reply").getFirst();
    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=x-1");
    assertThat(Pem.readPrivateKey(issued.body().path("privateKeyPem").asText(), "reply").getAlgorithm()).isEqualTo("EC");
    assertThat(issued.body().path("primaryThumbprint").asText()).isEqualTo(Thumbprint.sha256(cert).hex());

    Reply byThumbprint = call("POST", "/api/v1/devices",
        "{\"deviceId\":\"x-2\",\"authType\":\"x509\",\"thumbprint\":\"" + "ab".repeat(32) + "\"}", "s3cret");
    assertThat(byThumbprint.status()).isEqualTo(201);
    assertThat(byThumbprint.body().path("primaryThumbprint").asText()).isEqualTo("AB".repeat(32));
    assertThat(byThumbprint.body().has("privateKeyPem")).isFalse();
    Reply caSigned = call("POST", "/api/v1/devices", "{\"deviceId\":\"x-3\",\"authType\":\"x509-ca\"}", "s3cret");
    assertThat(caSigned.body().path("authType").asText()).isEqualTo("X509Ca");
    assertThat(caSigned.body().path("connectionString").asText()).isEqualTo("HostName=x;DeviceId=x-3;x509=true;Port=8884");
    assertThat(call("GET", "/api/v1/devices", null, "s3cret").body().toString()).doesNotContain("PRIVATE");

    java.util.Map<String, String> refusals = new java.util.LinkedHashMap<>();
    refusals.put("{\"deviceId\":\"x-4\",\"authType\":\"x509\",\"thumbprint\":\"abc\"}",
        "/thumbprint: thumbprint 'abc' is not 64 (SHA-256) or 40 (SHA-1) hex digits");
    refusals.put("{\"deviceId\":\"x-4\",\"authType\":\"pki\"}", "/authType: 'pki' is not one of sas, x509, x509-ca");
    refusals.put("{\"deviceId\":\"x-4\",\"thumbprint\":\"" + "ab".repeat(32) + "\"}", "/thumbprint: only with authType x509");
    refusals.put("{\"deviceId\":\"x-4\",\"authType\":\"x509\",\"validityDays\":0}",
        "/validityDays: must be a whole number of days between 1 and 3650");
    refusals.put("{\"deviceId\":\"x-4\",\"keys\":1}",
        "/keys: unknown field; known fields are [deviceId, securityGroup, tags, authType, thumbprint, secondaryThumbprint, validityDays]");
    for (var r : refusals.entrySet()) {
      Reply reply = call("POST", "/api/v1/devices", r.getKey(), "s3cret");
      assertThat(reply.status()).as(r.getKey()).isEqualTo(400);
      assertThat(reply.body().path("error").asText()).as(r.getKey()).isEqualTo(r.getValue());
    }
    Reply rotate = call("POST", "/api/v1/devices/x-1/keys/rotate", "{\"key\": \"primary\"}", "s3cret");
    assertThat(rotate.status()).isEqualTo(400);
    assertThat(rotate.body().path("error").asText()).isEqualTo("device 'x-1' authenticates with an X.509 certificate and has no keys to rotate");
  }

  @Test
  void casAreAddedVerifiedByProofOfPossessionListedAndRemoved() throws Exception {
    java.security.KeyPair acmeKey = keyPair();
    java.security.cert.X509Certificate acme = certificate("Acme Root", acmeKey, "Acme Root", acmeKey, true);
    Reply added = call("POST", "/api/v1/cas", "{\"name\":\"acme\",\"certificatePem\":" + quoted(Pem.certificates(java.util.List.of(acme))) + "}", "s3cret");
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.body().path("verified").asBoolean()).isFalse();
    String code = added.body().path("verificationCode").asText();
    assertThat(code).matches("[0-9A-F]{32}");
    assertThat(call("POST", "/api/v1/cas", "{\"name\":\"acme\",\"certificatePem\":" + quoted(Pem.certificates(java.util.List.of(acme))) + "}", "s3cret")
        .status()).isEqualTo(409);

    java.security.KeyPair otherKey = keyPair();
    String wrongSigner = Pem.certificates(java.util.List.of(certificate(code, keyPair(), "Other", otherKey, false)));
    Reply refused = call("POST", "/api/v1/cas/acme/verify", "{\"certificatePem\":" + quoted(wrongSigner) + "}", "s3cret");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("error").asText())
        .isEqualTo("the verification certificate is not signed by the key of CA 'acme': proof of possession failed");
    String proof = Pem.certificates(java.util.List.of(certificate(code, keyPair(), "Acme Root", acmeKey, false)));
    Reply verified = call("POST", "/api/v1/cas/acme/verify", "{\"certificatePem\":" + quoted(proof) + "}", "s3cret");
    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.body().path("verified").asBoolean()).isTrue();
    assertThat(verified.body().has("verificationCode")).isFalse();

    Reply list = call("GET", "/api/v1/cas", null, "s3cret");
    assertThat(list.body()).extracting(n -> n.path("name").asText()).containsExactly("vigil", "acme");
    assertThat(list.body().get(0).path("builtIn").asBoolean()).isTrue();
    assertThat(call("GET", "/api/v1/cas/nope", null, "s3cret").status()).isEqualTo(404);
    assertThat(call("POST", "/api/v1/cas", "{\"name\":\"bad\",\"certificatePem\":\"x\"}", "s3cret").body().path("error").asText())
        .isEqualTo("/certificatePem holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThat(call("DELETE", "/api/v1/cas/vigil", null, "s3cret").body().path("error").asText())
        .isEqualTo("CA 'vigil' is Vigil's own CA and cannot be removed");
    HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/cas/acme"))
        .header("Authorization", "Bearer s3cret").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(removed.statusCode()).isEqualTo(204);
    Reply unknown = call("DELETE", "/api/v1/cas/nope", null, "s3cret");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("error").asText()).isEqualTo("no CA 'nope'");
    assertThat(operations).containsExactly("CaAdded/Success", "CaVerificationFailed/NotSignedByCa", "CaVerified/Success",
        "CaRemoveFailed/BuiltInCa", "CaRemoved/Success", "CaRemoveFailed/UnknownCa");
    assertThat(call("GET", "/api/v1/cas", null, null).status()).isEqualTo(401);
  }

  @Test
  void aDevicesCountsOfOtherTelemetryArePerProtocol() throws Exception {
    call("POST", "/api/v1/devices", "{\"deviceId\":\"gw-count\"}", "s3cret");
    Reply none = call("GET", "/api/v1/devices/gw-count/telemetry", null, "s3cret");
    assertThat(none.body().toString()).isEqualTo("{\"deviceId\":\"gw-count\",\"protocols\":{},\"cloudToDevice\":{}}");
    telemetry.count("gw-count", "MQTT", 100);
    telemetry.count("gw-count", "MQTT", 20);
    telemetry.count("gw-count", "HTTPS", 7);
    Reply counted = call("GET", "/api/v1/devices/gw-count/telemetry", null, "s3cret");
    assertThat(counted.status()).isEqualTo(200);
    assertThat(counted.body().toString())
        .isEqualTo("{\"deviceId\":\"gw-count\",\"protocols\":{\"HTTPS\":{\"messages\":1,\"bytes\":7},\"MQTT\":{\"messages\":2,\"bytes\":120}},\"cloudToDevice\":{}}");
    assertThat(call("GET", "/api/v1/devices/nobody/telemetry", null, "s3cret").body().path("error").asText()).isEqualTo("no device 'nobody'");
    assertThat(call("GET", "/api/v1/devices/gw-count/telemetry", null, null).status()).isEqualTo(401);
  }

  private static java.security.KeyPair keyPair() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  /** A certificate for {@code cn} with {@code subjectKey}, signed by {@code issuerKey} in the name of {@code issuer}. */
  private static java.security.cert.X509Certificate certificate(
      String cn, java.security.KeyPair subjectKey, String issuer, java.security.KeyPair issuerKey, boolean ca) throws Exception {
    java.time.Instant now = java.time.Instant.now();
    var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(new org.bouncycastle.asn1.x500.X500Name("CN=" + issuer),
        java.math.BigInteger.valueOf(now.toEpochMilli()), java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plusSeconds(86_400)),
        new org.bouncycastle.asn1.x500.X500Name("CN=" + cn), subjectKey.getPublic());
    b.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(ca));
    return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
  }
  @Test
  void rulesAreListedWithTheirStateAndSwitchedOffOrTunedThroughTheApi() throws Exception {
    Reply list = call("GET", "/api/v1/rules", null, "s3cret");
    assertThat(list.status()).isEqualTo(200);
    JsonNode shell = rule(list.body(), "iot_reverse_shell");
    assertThat(shell.path("alertName").asText()).isEqualTo("IoT_ReverseShell");
    assertThat(shell.path("builtIn").asBoolean()).isTrue();
    assertThat(shell.path("enabled").asBoolean()).isTrue();
    assertThat(rule(list.body(), null).path("alertName").asText()).as("the Java detection is listed too").isEqualTo("IoT_DeviceSilent");

    Reply put = call("PUT", "/api/v1/rules/IoT_ReverseShell",
        "{\"enabled\": false, \"groups\": {\"lab\": true}, \"exceptions\": [{\"name\": \"pentest\", \"fields\": {\"DeviceId\": \"red-1\"}}]}", "s3cret");
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().toString()).isEqualTo(
        "{\"enabled\":false,\"groups\":{\"lab\":true},\"exceptions\":[{\"name\":\"pentest\",\"fields\":{\"DeviceId\":[\"red-1\"]}}]}");
    assertThat(ruleSettings.current().enabled("default", "IoT_ReverseShell")).as("in force at once").isFalse();
    assertThat(java.nio.file.Files.readString(dir.resolve("rules-settings.json"))).contains("\"IoT_ReverseShell\"");
    JsonNode after = rule(call("GET", "/api/v1/rules", null, "s3cret").body(), "iot_reverse_shell");
    assertThat(after.path("enabled").asBoolean()).isFalse();
    assertThat(after.path("settings").path("IoT_ReverseShell").path("groups").path("lab").asBoolean()).isTrue();

    Reply bad = call("PUT", "/api/v1/rules/iot_reverse_shell", "{\"enabled\": \"no\"}", "s3cret");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").asText()).isEqualTo("request body: /enabled: true or false is required, was \"no\"");
    Reply unknown = call("PUT", "/api/v1/rules/no_such_rule", "{\"enabled\": false}", "s3cret");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("error").asText()).isEqualTo("no rule 'no_such_rule': give a rule's id, name or AlertName");

    assertThat(call("DELETE", "/api/v1/rules/IoT_ReverseShell", null, "s3cret").status()).isEqualTo(204);
    assertThat(ruleSettings.current().rules()).isEmpty();
  }

  /** The rule of that name in a rules listing; the Java detection for null. */
  private static JsonNode rule(JsonNode listing, String name) {
    for (JsonNode r : listing.path("rules")) {
      if (name == null ? r.path("type").asText().equals("java") : r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + name + " in " + listing);
  }

  @Test
  void aDevicesRiskScoreExplainsItselfFromItsOpenAlertsAndRecommendations() throws Exception {
    assertThat(call("POST", "/api/v1/devices", "{\"deviceId\":\"risky\"}", "s3cret").status()).isEqualTo(201);
    java.time.Instant t = java.time.Instant.parse("2026-11-22T10:00:00Z");
    workspace.appendAlerts(java.util.List.of(new io.vigil.model.Alert("a-1", "IoT_ReverseShell", "Reverse shell", io.vigil.model.Severity.HIGH, "d", "r",
        "risky", java.util.Map.of(), java.util.Map.of(), io.vigil.model.AlertStatus.NEW, 1, t, t, t, "rule", java.util.List.of(), java.util.List.of())));
    workspace.upsertRecommendations(java.util.List.of(new io.vigil.model.Recommendation("r-1", "risky", "IoT_OpenPorts", "Open ports",
        io.vigil.model.Severity.MEDIUM, io.vigil.model.RecommendationState.ACTIVE, "d", "r", java.util.Map.of(), t, null)));
    Reply risk = call("GET", "/api/v1/devices/risky/risk", null, "s3cret");
    assertThat(risk.status()).isEqualTo(200);
    assertThat(risk.body().toString()).isEqualTo("{\"deviceId\":\"risky\",\"score\":33,\"contributions\":["
        + "{\"factor\":\"Open alerts\",\"points\":25,\"detail\":\"1 High open alert(s)\"},"
        + "{\"factor\":\"Exposure: IoT_OpenPorts\",\"points\":8,\"detail\":\"1 active\"}]}");
    assertThat(call("GET", "/api/v1/devices/nobody/risk", null, "s3cret").status()).isEqualTo(404);
  }
}
