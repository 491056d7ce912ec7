package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom alerts on the running server: the API over real HTTP, and a PUT taking effect on the next
 * message a device publishes over MQTT, without a restart.
 */
class CustomAlertsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/api/v1/security-groups/lab/custom-alerts";
  private static final String ALLOW_PYTHON = """
      {"customAlerts": [{"type": "ProcessNotAllowed", "list": "allow", "values": ["/usr/bin/python3", "/opt/app/*"]}]}""";
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private record Reply(int status, JsonNode body) {}

  private static Reply call(HttpClient http, VigilServer server, String method, String path, String body, boolean token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token) {
      b.header("Authorization", "Bearer " + AdminToken.read(server.config().dataDir()));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  private Reply call(VigilServer server, String method, String path, String body) throws Exception {
    return call(http, server, method, path, body, true);
  }

  private static List<SecurityEvent> started(String... executables) {
    return java.util.Arrays.stream(executables).<SecurityEvent>map(e -> new ProcessCreate(EventHeader.at(Instant.now(), ZoneOffset.UTC),
        List.of(new ProcessCreate.Process(e, 4321, 1, "1000", "pi", e, Map.of())))).toList();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * The device's stored alerts once its IoT_CryptoMiner alert counts {@code markers} occurrences. One
   * pipeline shard analyses a device's messages in order and stores each batch's alerts in one
   * transaction, so by then every message the device sent before its last marker was analysed and
   * its alerts stored: what is absent then was not raised.
   */
  private JsonNode alertsAfterMarker(VigilServer server, String device, long markers) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      JsonNode alerts = call(server, "GET", "/api/v1/alerts?device=" + device, null).body();
      for (JsonNode a : alerts) {
        if (a.path("alertName").asText().equals("IoT_CryptoMiner") && a.path("count").asLong() >= markers) {
          return alerts;
        }
      }
      assertThat(System.currentTimeMillis()).as("the marker alert of " + device + " counting " + markers).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static List<String> named(JsonNode alerts, String alertName) {
    List<String> out = new java.util.ArrayList<>();
    alerts.forEach(a -> {
      if (a.path("alertName").asText().equals(alertName)) {
        out.add(a.path("deviceId").asText() + " " + a.path("entities").path("Process").asText());
      }
    });
    return out;
  }

  private static void await(List<Alert> alerts, Predicate<List<Alert>> done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!done.test(alerts) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void theApiReadsReplacesAndRefusesAGroupsRulesAndTheyAreSaved() throws Exception {
    ServerConfig config = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, freePort());
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), a -> { })) {
      assertThat(call(http, server, "GET", PATH, null, false).status()).isEqualTo(401);
      Reply empty = call(server, "GET", PATH, null);
      assertThat(empty.status()).isEqualTo(200);
      assertThat(empty.body().toString()).isEqualTo("{\"securityGroup\":\"lab\",\"customAlerts\":[]}");

      Reply bad = call(server, "PUT", PATH, """
          {"customAlerts": [{"type": "ConnectionToIpNotAllowed", "list": "deny", "values": ["203.0.113.0/33"]}]}""");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body().path("error").asText())
          .isEqualTo("request body: /customAlerts/0/values/0: an IP address or CIDR network is required, was \"203.0.113.0/33\"");
      Reply unsupported = call(server, "PUT", PATH, """
          {"customAlerts": [{"type": "FileUploadsNotInAllowedRange", "min": 0, "max": 1, "window": "PT1H"}]}""");
      assertThat(unsupported.body().path("error").asText()).isEqualTo("request body: /customAlerts/0/type: FileUploadsNotInAllowedRange"
          + " is not supported: Vigil has no file uploads, so it could never fire");
      Reply badGroup = call(server, "GET", "/api/v1/security-groups/no%20way/custom-alerts", null);
      assertThat(badGroup.status()).isEqualTo(400);
      assertThat(badGroup.body().path("error").asText()).isEqualTo("security group 'no way' must be 1-64 letters, digits, '.', '_' or '-'");

      Reply put = call(server, "PUT", PATH, """
          {"customAlerts": [
            {"type": "ProcessNotAllowed", "list": "allow", "values": ["/usr/bin/python3"]},
            {"type": "TwinUpdatesNotInAllowedRange", "enabled": false, "min": 0, "max": 10, "window": "PT1H"}]}""");
      assertThat(put.status()).isEqualTo(200);
      String expected = "{\"securityGroup\":\"lab\",\"customAlerts\":["
          + "{\"type\":\"ProcessNotAllowed\",\"list\":\"allow\",\"enabled\":true,\"values\":[\"/usr/bin/python3\"]},"
          + "{\"type\":\"TwinUpdatesNotInAllowedRange\",\"enabled\":false,\"min\":0,\"max\":10,\"window\":\"PT1H\"}]}";
      assertThat(put.body().toString()).isEqualTo(expected);
      assertThat(call(server, "GET", PATH, null).body().toString()).isEqualTo(expected);
      assertThat(call(server, "GET", "/api/v1/security-groups/default/custom-alerts", null).body().path("customAlerts")).isEmpty();
    }
    assertThat(Files.readString(dir.resolve("data/custom-alerts.json"))).contains("\"ProcessNotAllowed\"", "\"/usr/bin/python3\"");
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), a -> { })) {
      assertThat(call(server, "GET", PATH, null).body().path("customAlerts")).as("kept across a restart").hasSize(2);
    }
  }

  @Test
  void aPutTakesEffectOnTheRunningServerForTheNextMessage() throws Exception {
    int mqtt = freePort();
    ServerConfig config = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt);
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), alerts::add)) {
      RegisteredDevice lab = server.registry().create("lab-1", "lab");
      RegisteredDevice other = server.registry().create("gw-1", "default");
      TestDevice.publish(mqtt, lab, started("/tmp/before-the-rule"));
      TestDevice.publish(mqtt, lab, TestAlertApi.miners(Instant.now(), 1, 0));
      alertsAfterMarker(server, "lab-1", 1); // the process before the rule was analysed before it
      assertThat(call(server, "PUT", PATH, ALLOW_PYTHON).status()).isEqualTo(200);

      long put = System.nanoTime();
      TestDevice.publish(mqtt, lab, started("/usr/bin/python3", "/opt/app/run", "/tmp/.x/dropper"));
      TestDevice.publish(mqtt, other, started("/tmp/.x/dropper"));
      await(alerts, a -> a.stream().anyMatch(x -> x.alertName().equals("ProcessNotAllowed")));
      long millis = (System.nanoTime() - put) / 1_000_000;
      TestDevice.publish(mqtt, other, TestAlertApi.miners(Instant.now(), 1, 1));
      assertThat(named(alertsAfterMarker(server, "gw-1", 1), "ProcessNotAllowed")).as("the other group has no such rule").isEmpty();
      List<Alert> custom = alerts.stream().filter(a -> a.alertName().equals("ProcessNotAllowed")).toList();
      assertThat(custom).as("only the lab device's process off the list, and only after the PUT").singleElement().satisfies(a -> {
        assertThat(a.deviceId()).isEqualTo("lab-1");
        assertThat(a.entities()).containsEntry("Process", "/tmp/.x/dropper");
        assertThat(a.ruleId()).isEqualTo("custom:lab/ProcessNotAllowed/allow");
      });
      System.out.println("custom alert raised " + millis + " ms after the PUT (publish included)");

      assertThat(call(server, "PUT", PATH, ALLOW_PYTHON.replace("\"allow\",", "\"allow\", \"enabled\": false,")).status()).isEqualTo(200);
      TestDevice.publish(mqtt, lab, started("/tmp/.y/other"));
      TestDevice.publish(mqtt, lab, TestAlertApi.miners(Instant.now(), 1, 2));
      assertThat(named(alertsAfterMarker(server, "lab-1", 2), "ProcessNotAllowed")).as("switched off: /tmp/.y/other raised none")
          .containsExactly("lab-1 /tmp/.x/dropper");
      JsonNode stored = call(server, "POST", "/api/v1/query",
          "{\"sql\": \"SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'lab-1'\"}").body();
      assertThat(stored.path("rows").path(0).path(0).asLong()).as("stored before acknowledged").isEqualTo(7);
    }
  }
}
