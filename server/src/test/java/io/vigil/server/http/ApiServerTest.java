package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.DeviceRegistry;
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

  @BeforeEach
  void start() {
    workspace = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    api = ApiServer.start("127.0.0.1", 0, "s3cret"::equals, registry, workspace, d -> "HostName=x;DeviceId=" + d.deviceId() + ";SharedAccessKey=" + d.primaryKey(), disconnected::add);
  }

  @AfterEach
  void stop() {
    api.close();
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
}
