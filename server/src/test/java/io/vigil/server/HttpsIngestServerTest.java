package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.ingest.RateLimit;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import io.vigil.wire.auth.SasToken;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server with its HTTPS device listener on loopback: what a device posts is stored and
 * queryable, every refusal is a {@code HubOperation} row with protocol HTTPS, and other telemetry
 * shows in the device's counts. The client trusts the server by {@code DATA/ca/ca.crt}, as devices do.
 */
class HttpsIngestServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static VigilServer server;
  static HttpClient devices;
  static HttpClient api = HttpClient.newHttpClient();
  static String adminToken;
  static int mqttPort;

  @BeforeAll
  static void start() throws Exception {
    int httpsPort;
    try (ServerSocket m = new ServerSocket(0); ServerSocket h = new ServerSocket(0)) {
      mqttPort = m.getLocalPort();
      httpsPort = h.getLocalPort();
    }
    ServerConfig config = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqttPort)
        .withIngest(new IngestConfig(httpsPort, RateLimit.defaults()));
    server = VigilServer.start(config, Clock.systemUTC(), a -> { });
    adminToken = AdminToken.read(config.dataDir());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(config.dataDir().resolve("ca").resolve("ca.crt"))) {
      trust.setCertificateEntry("vigil", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    devices = HttpClient.newBuilder().sslContext(tls).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String token(RegisteredDevice d, String key) {
    return SasToken.sign(SasToken.deviceResource("localhost", d.deviceId()), key, Instant.now().plusSeconds(600)).toString();
  }

  private static HttpResponse<String> post(RegisteredDevice d, String authorization, byte[] body, boolean security) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpsPort() + "/devices/" + d.deviceId()
            + "/messages/events?api-version=2020-03-13"))
        .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (security) {
      b.header("iothub-interface-id", DeviceTopics.SECURITY_INTERFACE);
    }
    return devices.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The rows of {@code sql} through the admin API, waiting (at most 10 s) until there is at least one. */
  private static JsonNode rows(String sql) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/query"))
          .header("Authorization", "Bearer " + adminToken)
          .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("sql", sql).toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode rows = JSON.readTree(r.body()).path("rows");
      if (!rows.isEmpty() || System.currentTimeMillis() > deadline) {
        return rows;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aPostedSecurityMessageIsStoredAndQueryable() throws Exception {
    RegisteredDevice gw = server.registry().create("gw-https", "plant-7");
    EventHeader header = EventHeader.at(Instant.now(), ZoneOffset.UTC);
    String eventId = header.id();
    byte[] body = new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(
        new ProcessCreate(header, List.of(
            new ProcessCreate.Process("/usr/bin/curl", 42, 1, "0", "root", "curl -s http://198.51.100.7/x", Map.of()))))));

    HttpResponse<String> r = post(gw, token(gw, gw.primaryKey()), body, true);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    // 204 comes once the message is stored: the row is there at once.
    assertThat(rows("SELECT DeviceId, SecurityGroup, RawEventName, EventDetails->>'CommandLine' FROM SecurityIoTRawEvent WHERE EventId = '"
        + eventId + "'").toString()).isEqualTo("[[\"gw-https\",\"plant-7\",\"ProcessCreate\",\"curl -s http://198.51.100.7/x\"]]");
  }

  @Test
  void refusalsAreHubOperationsWithProtocolHttps() throws Exception {
    RegisteredDevice gw = server.registry().create("gw-https-refused", null);
    RegisteredDevice other = server.registry().create("gw-https-other", null);
    HttpResponse<String> invalid = post(gw, token(gw, gw.primaryKey()), "{\"AgentVersion\": 1}".getBytes(StandardCharsets.UTF_8), true);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(invalid.body()).path("errors").findValuesAsText("pointer")).contains("/AgentVersion");
    HttpResponse<String> wrongKey = post(gw, token(gw, other.primaryKey()), new byte[] {'{', '}'}, true);
    assertThat(wrongKey.statusCode()).isEqualTo(401);

    assertThat(rows("SELECT Operation, Result, Protocol, SourceIp, Details->>'Reason' FROM HubOperation"
        + " WHERE DeviceId = 'gw-https-refused' AND Operation = 'MessageRejected'").get(0).toString())
        .startsWith("[\"MessageRejected\",\"InvalidMessage\",\"HTTPS\",\"127.0.0.1\",\"")
        .contains("/AgentVersion: expected string, got integer");
    assertThat(rows("SELECT Operation, Result, Protocol, Details->>'Reason' FROM HubOperation"
        + " WHERE DeviceId = 'gw-https-refused' AND Operation = 'AuthFailure'").toString())
        .isEqualTo("[[\"AuthFailure\",\"InvalidSasSignature\",\"HTTPS\",\"SAS token signature does not match the device's keys\"]]");
  }

  @Test
  void otherTelemetryIsCountedPerProtocolAndShownByTheApi() throws Exception {
    RegisteredDevice gw = server.registry().create("gw-telemetry", null);
    assertThat(post(gw, token(gw, gw.primaryKey()), "{\"temperature\": 21}".getBytes(StandardCharsets.UTF_8), false).statusCode())
        .isEqualTo(204);
    MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + mqttPort, "gw-telemetry", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("localhost/gw-telemetry/?api-version=2021-04-12");
    o.setPassword(token(gw, gw.primaryKey()).getBytes(StandardCharsets.UTF_8));
    mqtt.connect(o);
    mqtt.publish("devices/gw-telemetry/messages/events/", new MqttMessage("{\"rpm\": 1200}".getBytes(StandardCharsets.UTF_8), 1, false,
        new MqttProperties()));
    mqtt.disconnect();
    mqtt.close();

    HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
        + "/api/v1/devices/gw-telemetry/telemetry")).header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"deviceId\":\"gw-telemetry\",\"protocols\":{\"HTTPS\":{\"messages\":1,\"bytes\":19},"
        + "\"MQTT\":{\"messages\":1,\"bytes\":13}},\"cloudToDevice\":{}}");
    assertThat(rows("SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-telemetry'").toString()).isEqualTo("[[0]]");
  }

  private static byte[] securityMessage(Instant at, String executable) {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(
        new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC), List.of(new ProcessCreate.Process(executable, 42, 1, "0", "root", executable,
            Map.of()))))));
  }

  @Test
  void securityMessagesCountTowardsTheMessageRangeOfTheProtocolTheyCameOver() throws Exception {
    RegisteredDevice gw = server.registry().create("gw-proto", "proto");
    HttpResponse<String> put = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
            + "/api/v1/security-groups/proto/custom-alerts")).header("Authorization", "Bearer " + adminToken)
        .PUT(HttpRequest.BodyPublishers.ofString("""
            {"customAlerts": [{"type": "MqttD2CMessagesNotInAllowedRange", "min": 0, "max": 1, "window": "PT1H"},
                              {"type": "HttpD2CMessagesNotInAllowedRange", "min": 0, "max": 1, "window": "PT1H"}]}""")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    Instant now = Instant.now();
    Instant hourEnd = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600);
    if (now.plusSeconds(30).isAfter(hourEnd)) {
      Thread.sleep(java.time.Duration.between(now, hourEnd).toMillis() + 1000); // keep every message in one hour window
      now = Instant.now();
      hourEnd = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600);
    }
    // Within one hour: one security message over MQTT, three over HTTPS.
    TestDevice.publish(mqttPort, gw, List.of(new ProcessCreate(EventHeader.at(now, ZoneOffset.UTC),
        List.of(new ProcessCreate.Process("/bin/m", 41, 1, "0", "root", "/bin/m", Map.of())))));
    for (int i = 0; i < 3; i++) {
      assertThat(post(gw, token(gw, gw.primaryKey()), securityMessage(now.plusMillis(i), "/bin/h" + i), true).statusCode()).isEqualTo(204);
    }
    // An event of the next hour decides the window.
    assertThat(post(gw, token(gw, gw.primaryKey()), securityMessage(hourEnd.plusSeconds(1), "/bin/next"), true).statusCode()).isEqualTo(204);

    // The next-hour event rolls both windows at once, so a wrong MQTT alert would be raised in the same batch and
    // stored in the same transaction as the HTTPS alert: once that row is there, what is absent was not raised.
    rows("SELECT AlertName FROM SecurityAlert WHERE DeviceId = 'gw-proto' AND AlertName = 'HttpD2CMessagesNotInAllowedRange'");
    JsonNode alerts = rows("SELECT AlertName, ExtendedProperties->>'Count' FROM SecurityAlert WHERE DeviceId = 'gw-proto' ORDER BY AlertName");
    assertThat(alerts.toString()).as("3 HTTPS messages over the maximum of 1; the MQTT message is within it")
        .isEqualTo("[[\"HttpD2CMessagesNotInAllowedRange\",\"3\"]]");
  }
}
