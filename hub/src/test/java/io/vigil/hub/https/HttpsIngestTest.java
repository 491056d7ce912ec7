package io.vigil.hub.https;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ingest.RateLimit;
import io.vigil.hub.ingest.TelemetryCounts;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.SasToken;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real HTTPS device listener on a loopback port, with a real registry and Vigil's CA, driven by
 * the JDK's HTTP client trusting that CA. The rate limit's clock stands still, so buckets only drain.
 */
class HttpsIngestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECURITY = "urn:azureiot:Security:SecurityAgent:1";

  @TempDir static Path dir;
  static HttpsIngest https;
  static DeviceRegistry registry;
  static TelemetryGate gate;
  static HttpClient client;
  static final List<String> stored = new CopyOnWriteArrayList<>();
  /** Device and protocol of each message handed to the sink. */
  static final List<String> protocols = new CopyOnWriteArrayList<>();
  static final List<String> operations = new CopyOnWriteArrayList<>();
  static final List<HubOperation.Operation> recorded = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom());
    registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    gate = TelemetryGate.create(4096, new RateLimit(0.25, 3), (deviceId, op, at) -> {
      operations.add(deviceId + " " + op.operation() + "/" + op.result() + " " + op.protocol() + " " + op.sourceIp());
      recorded.add(op);
    }, clock);
    https = HttpsIngest.start(new HttpsConfig("127.0.0.1", 0, ca.issueServerKeystore(List.of("localhost", "127.0.0.1"))),
        "hub.local", registry, gate, new io.vigil.hub.ingest.IngestSink() {
          @Override
          public CompletableFuture<Void> accept(Device device, SecurityMessage m, Instant at) {
            if (device.deviceId().startsWith("busy")) {
              return CompletableFuture.failedFuture(new RejectedExecutionException("server busy: ingest queue is full, retry later"));
            }
            stored.add(device.deviceId() + ":" + m.events().getFirst().kind().eventName());
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public CompletableFuture<Void> accept(Device device, SecurityMessage m, Instant at, String protocol) {
            protocols.add(device.deviceId() + ":" + protocol);
            return accept(device, m, at);
          }
        }, (deviceId, op, at) -> {
          operations.add(deviceId + " " + op.operation() + "/" + op.result() + " " + op.protocol() + " " + op.sourceIp());
          recorded.add(op);
        }, Clock.systemUTC(), (clientId, source) -> clientId.startsWith("filtered")
            ? java.util.Optional.of("IP filter rule 'lab' denies " + source.getHostAddress())
            : java.util.Optional.empty());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("vigil", ca.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    client = HttpClient.newBuilder().sslContext(tls).build();
  }

  @AfterAll
  static void stop() {
    https.close();
  }

  private record Reply(int status, String body, HttpResponse<String> response) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String error() throws Exception {
      return json().path("error").asText();
    }
  }

  static String token(RegisteredDevice d) {
    return token(d.deviceId(), d.primaryKey(), Instant.now().plusSeconds(600));
  }

  static String token(String deviceId, String key, Instant expiry) {
    return SasToken.sign(SasToken.deviceResource("hub.local", deviceId), key, expiry).toString();
  }

  static byte[] heartbeat() {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
  }

  private Reply post(String deviceId, String authorization, byte[] body, boolean security) throws Exception {
    return send(events(deviceId), authorization, HttpRequest.BodyPublishers.ofByteArray(body), security);
  }

  private static HttpRequest.Builder events(String deviceId) {
    return HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + "/devices/" + deviceId + "/messages/events?api-version=2020-03-13"));
  }

  private Reply send(HttpRequest.Builder b, String authorization, HttpRequest.BodyPublisher body, boolean security) throws Exception {
    b.POST(body).header("Content-Type", "application/json").header("iothub-app-site", "plant-7");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (security) {
      b.header("iothub-interface-id", SECURITY);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  @Test
  void aValidSecurityMessageIsStoredThenAnswered204() throws Exception {
    RegisteredDevice gw = registry.create("gw-ok", null);
    Reply r = post("gw-ok", token(gw), heartbeat(), true);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(stored).contains("gw-ok:Heartbeat");
    assertThat(protocols).as("the sink is told the protocol").contains("gw-ok:HTTPS");
    assertThat(operations).noneMatch(op -> op.startsWith("gw-ok "));
  }

  @Test
  void otherTelemetryIsCountedPerDeviceAndNotStored() throws Exception {
    RegisteredDevice gw = registry.create("gw-other", null);
    assertThat(post("gw-other", token(gw), "{\"temperature\": 21}".getBytes(StandardCharsets.UTF_8), false).status()).isEqualTo(204);
    assertThat(gate.counts().of("gw-other")).isEqualTo(Map.of("HTTPS", new TelemetryCounts.Count(1, 19)));
    assertThat(stored).noneMatch(s -> s.startsWith("gw-other:"));
  }

  @Test
  void anInvalidMessageIsAnswered400WithEachErrorsPointerAndReason() throws Exception {
    RegisteredDevice gw = registry.create("gw-invalid", null);
    Reply r = post("gw-invalid", token(gw), "{\"AgentVersion\": 1}".getBytes(StandardCharsets.UTF_8), true);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.response().headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.error()).isEqualTo("message is not a valid security message");
    assertThat(r.json().path("errors")).anySatisfy(e -> {
      assertThat(e.path("pointer").asText()).isEqualTo("/AgentVersion");
      assertThat(e.path("reason").asText()).isEqualTo("expected string, got integer");
    });
    assertThat(operations).contains("gw-invalid MessageRejected/InvalidMessage HTTPS 127.0.0.1");
    assertThat(stored).noneMatch(s -> s.startsWith("gw-invalid:"));
  }

  @Test
  void credentialsThatDoNotProveTheDeviceAreAnswered401() throws Exception {
    RegisteredDevice gw = registry.create("gw-auth", null);
    RegisteredDevice other = registry.create("gw-auth-other", null);
    Reply none = post("gw-auth", null, heartbeat(), true);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.error()).isEqualTo("no Authorization header: send 'Authorization: SharedAccessSignature sr=...&sig=...&se=...'");
    Reply malformed = post("gw-auth", "Bearer abc", heartbeat(), true);
    assertThat(malformed.status()).isEqualTo(401);
    assertThat(malformed.error()).isEqualTo("Authorization header is not a SAS token: SAS token must start with 'SharedAccessSignature '");
    Reply wrongKey = post("gw-auth", token("gw-auth", other.primaryKey(), Instant.now().plusSeconds(600)), heartbeat(), true);
    assertThat(wrongKey.status()).isEqualTo(401);
    assertThat(wrongKey.error()).isEqualTo("SAS token signature does not match the device's keys");
    Instant past = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 60);
    Reply expired = post("gw-auth", token("gw-auth", gw.primaryKey(), past), heartbeat(), true);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.error()).isEqualTo("SAS token expired at " + past);
    Reply unknown = post("gw-nobody", token("gw-nobody", gw.primaryKey(), Instant.now().plusSeconds(600)), heartbeat(), true);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.error()).isEqualTo("unknown device 'gw-nobody'");
    assertThat(operations).contains(
        "gw-auth AuthFailure/MalformedSas HTTPS 127.0.0.1",
        "gw-auth AuthFailure/InvalidSasSignature HTTPS 127.0.0.1",
        "gw-auth AuthFailure/ExpiredSas HTTPS 127.0.0.1",
        "gw-nobody AuthFailure/UnknownDevice HTTPS 127.0.0.1");
    assertThat(recorded).filteredOn(op -> op.result().equals("ExpiredSas"))
        .allSatisfy(op -> assertThat(op.extraDetails()).containsEntry("AuthType", "SAS").containsEntry("Reason", "SAS token expired at " + past));
    assertThat(stored).noneMatch(s -> s.startsWith("gw-auth:") || s.startsWith("gw-nobody:"));
  }

  @Test
  void aProvenDeviceThatMayNotSendHereIsAnswered403() throws Exception {
    RegisteredDevice gw = registry.create("gw-forbidden", null);
    RegisteredDevice other = registry.create("gw-forbidden-other", null);
    Reply anothers = post("gw-forbidden", token(other), heartbeat(), true);
    assertThat(anothers.status()).isEqualTo(403);
    assertThat(anothers.error()).isEqualTo("SAS token is for 'hub.local/devices/gw-forbidden-other', not 'hub.local/devices/gw-forbidden'");
    registry.setEnabled("gw-forbidden", false);
    Reply disabled = post("gw-forbidden", token(gw), heartbeat(), true);
    assertThat(disabled.status()).isEqualTo(403);
    assertThat(disabled.error()).isEqualTo("device 'gw-forbidden' is disabled");
    assertThat(operations).contains("gw-forbidden AuthFailure/WrongSasResource HTTPS 127.0.0.1", "gw-forbidden AuthFailure/DisabledDevice HTTPS 127.0.0.1");
  }

  @Test
  void anX509DeviceIsToldToUseItsCertificate() throws Exception {
    registry.createWithThumbprint("cam-x509", null, io.vigil.hub.ca.Thumbprint.parse("ab".repeat(32)), null);
    Reply r = post("cam-x509", token("cam-x509", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=", Instant.now().plusSeconds(600)), heartbeat(), true);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("device 'cam-x509' authenticates with an X.509 certificate, not a SAS token: it sends over MQTT with TLS and its certificate");
    assertThat(operations).contains("cam-x509 AuthFailure/AuthTypeMismatch HTTPS 127.0.0.1");
  }

  @Test
  void aMessageOverTheSizeLimitIsAnswered413() throws Exception {
    RegisteredDevice gw = registry.create("gw-large", null);
    Reply announced = post("gw-large", token(gw), new byte[5000], true);
    assertThat(announced.status()).isEqualTo(413);
    assertThat(announced.error()).isEqualTo("message is 5000 bytes; the limit is 4096");
    // Chunked: no Content-Length, so the body is read up to the limit.
    Reply chunked = send(events("gw-large"), token(gw),
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[9000])), false);
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.error()).isEqualTo("message is over 4096 bytes; the limit is 4096");
    assertThat(operations).filteredOn(op -> op.startsWith("gw-large ")).containsExactly(
        "gw-large MessageRejected/MessageTooLarge HTTPS 127.0.0.1", "gw-large MessageRejected/MessageTooLarge HTTPS 127.0.0.1");
    assertThat(recorded).filteredOn(op -> op.result().equals("MessageTooLarge"))
        .anySatisfy(op -> assertThat(op.extraDetails()).containsEntry("Size", "5000").containsEntry("Limit", "4096"));
  }

  @Test
  void aDeviceOverItsRateLimitIsAnswered429WithRetryAfter() throws Exception {
    RegisteredDevice gw = registry.create("gw-fast", null);
    for (int i = 0; i < 3; i++) {
      assertThat(post("gw-fast", token(gw), heartbeat(), true).status()).isEqualTo(204);
    }
    Reply r = post("gw-fast", token(gw), heartbeat(), true);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.response().headers().firstValue("Retry-After")).hasValue("4");
    assertThat(r.error()).isEqualTo("device 'gw-fast' is over its rate limit of 0.25 messages/s (burst 3); retry in 4000 ms");
    assertThat(operations).contains("gw-fast MessageRejected/RateLimited HTTPS 127.0.0.1");
  }

  @Test
  void aMessageTheServerCannotTakeIsAnswered503() throws Exception {
    RegisteredDevice busy = registry.create("busy-1", null);
    Reply r = post("busy-1", token(busy), heartbeat(), true);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.response().headers().firstValue("Retry-After")).hasValue("1");
    assertThat(r.error()).isEqualTo("server busy: ingest queue is full, retry later");
    assertThat(operations).contains("busy-1 MessageRejected/NotStored HTTPS 127.0.0.1");
  }

  @Test
  void oneConnectionCarriesRequestAfterRefusedRequest() throws Exception {
    // Each refusal is answered once its body is read, so the kept-alive connection is ready for the next request.
    HttpClient oneConnection = HttpClient.newBuilder().sslContext(client.sslContext()).build();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> r = oneConnection.send(events("gw-nobody-" + i).header("Authorization", "SharedAccessSignature sr=x&sig=y&se=1")
          .POST(HttpRequest.BodyPublishers.ofByteArray(heartbeat())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("Connection")).isEmpty();
    }
    HttpResponse<String> large = oneConnection.send(events("gw-nobody").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5000])).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(large.statusCode()).isEqualTo(401);
    assertThat(large.headers().firstValue("Connection")).as("a body left unread closes the connection").hasValue("close");
  }

  @Test
  void otherPathsAndMethodsAreRefusedWithWhatToUse() throws Exception {
    HttpResponse<String> get = client.send(events("gw-ok").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(JSON.readTree(get.body()).path("error").asText()).isEqualTo("method GET is not allowed on /devices/gw-ok/messages/events: use POST");
    HttpResponse<String> twin = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + https.port() + "/twins/gw-ok"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(twin.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(twin.body()).path("error").asText())
        .isEqualTo("no resource '/twins/gw-ok': devices POST to /devices/{deviceId}/messages/events");
  }

  @Test
  void aRequestTheIpFilterRefusesIsAnswered403BeforeItsTokenIsLookedAt() throws Exception {
    RegisteredDevice gw = registry.create("filtered-gw", null);
    Reply r = post("filtered-gw", token(gw), heartbeat(), true);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("IP filter rule 'lab' denies 127.0.0.1");
    assertThat(operations).contains("filtered-gw Connect/IpFilterRejected HTTPS 127.0.0.1");
    assertThat(stored).noneMatch(s -> s.startsWith("filtered-gw"));
  }
}
