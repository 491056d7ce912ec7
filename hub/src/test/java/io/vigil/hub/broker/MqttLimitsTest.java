package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ca.CertificateTrust;
import io.vigil.hub.https.HttpsConfig;
import io.vigil.hub.https.HttpsIngest;
import io.vigil.hub.ingest.RateLimit;
import io.vigil.hub.ingest.TelemetryCounts;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.hub.twin.TwinStore;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.SasToken;
import java.io.IOException;
import java.net.ServerSocket;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size limit (2048 bytes here) and the per-device rate limit (one message every 4 s, bursts of
 * 1, on a clock that stands still) over the real broker and the real HTTPS listener, which share one
 * {@link TelemetryGate}: MQTT 5 (Paho), MQTT 3.1.1 and HTTPS.
 */
class MqttLimitsTest {
  @TempDir static Path dir;
  static MqttBroker broker;
  static HttpsIngest https;
  static DeviceRegistry registry;
  static TelemetryGate gate;
  static HttpClient http;
  static int port;
  static final List<String> stored = new CopyOnWriteArrayList<>();
  static final List<HubOperation.Operation> operations = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    gate = TelemetryGate.create(2048, new RateLimit(0.25, 1), (device, op, at) -> operations.add(op), clock);
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom());
    io.vigil.hub.ingest.IngestSink sink = (Device device, SecurityMessage m, Instant at) -> {
      stored.add(device.deviceId() + ":" + m.events().getFirst().kind().eventName());
      return CompletableFuture.completedFuture(null);
    };
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "hub.local", port, 2048, null), registry, CertificateTrust.none(),
        gate, sink, (device, op, at) -> operations.add(op),
        TwinStore.open(dir.resolve("twins"), id -> registry.find(id).isPresent()), Clock.systemUTC());
    https = HttpsIngest.start(new HttpsConfig("127.0.0.1", 0, ca.issueServerKeystore(List.of("localhost"))), "hub.local", registry, gate,
        sink, (device, op, at) -> operations.add(op), Clock.systemUTC());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("vigil", ca.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(tls).build();
  }

  @AfterAll
  static void stop() {
    https.close();
    broker.close();
  }

  private static String token(RegisteredDevice d) {
    return SasToken.sign(SasToken.deviceResource("hub.local", d.deviceId()), d.primaryKey(), Instant.now().plusSeconds(600)).toString();
  }

  private static MqttAsyncClient mqtt5(RegisteredDevice d) throws Exception {
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, d.deviceId(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("hub.local/" + d.deviceId() + "/?api-version=2021-04-12");
    o.setPassword(token(d).getBytes(StandardCharsets.UTF_8));
    c.connect(o).waitForCompletion(10_000);
    return c;
  }

  private static Mqtt311Client mqtt311(RegisteredDevice d) throws IOException {
    return Mqtt311Client.connect(port, d.deviceId(), "hub.local/" + d.deviceId() + "/?api-version=2021-04-12", token(d));
  }

  private static IMqttToken publish(MqttAsyncClient c, String topic, byte[] payload) throws Exception {
    IMqttToken t = c.publish(topic, new MqttMessage(payload, 1, false, null));
    t.waitForCompletion(10_000);
    return t;
  }

  private static void close(MqttAsyncClient c) throws Exception {
    c.disconnect().waitForCompletion();
    c.close();
  }

  static byte[] heartbeat() {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
  }

  private static List<HubOperation.Operation> rejections(String result, String mqttVersion) {
    return operations.stream()
        .filter(op -> op.operation().equals("MessageRejected") && op.result().equals(result) && mqttVersion.equals(op.extraDetails().get("MqttVersion")))
        .toList();
  }

  @Test
  void anMqtt5DeviceOverItsRateLimitGetsQuotaExceededWithTheReason() throws Exception {
    RegisteredDevice d = registry.create("rate-5", null);
    MqttAsyncClient c = mqtt5(d);
    try {
      assertThat(publish(c, TelemetryTopic.securityTopic("rate-5"), heartbeat()).getReasonCodes()).containsExactly(0);
      IMqttToken refused = publish(c, TelemetryTopic.securityTopic("rate-5"), heartbeat());
      assertThat(refused.getReasonCodes()).containsExactly(0x97);
      assertThat(refused.getResponseProperties().getReasonString())
          .isEqualTo("device 'rate-5' is over its rate limit of 0.25 messages/s (burst 1); retry in 4000 ms");
      // Other telemetry counts against the same limit.
      assertThat(publish(c, "devices/rate-5/messages/events/", "{}".getBytes(StandardCharsets.UTF_8)).getReasonCodes()).containsExactly(0x97);
      assertThat(stored).containsOnlyOnce("rate-5:Heartbeat");
      assertThat(rejections("RateLimited", "V_5")).hasSize(2).allSatisfy(op -> {
        assertThat(op.protocol()).isEqualTo("MQTT");
        assertThat(op.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(op.extraDetails()).containsEntry("RetryAfterMs", "4000");
      });
    } finally {
      close(c);
    }
  }

  @Test
  void anOversizeMessageOverMqtt5GetsPayloadFormatInvalidWithTheSizes() throws Exception {
    RegisteredDevice d = registry.create("big-5", null);
    MqttAsyncClient c = mqtt5(d);
    try {
      IMqttToken security = publish(c, TelemetryTopic.securityTopic("big-5"), new byte[3000]);
      assertThat(security.getReasonCodes()).containsExactly(0x99);
      assertThat(security.getResponseProperties().getReasonString()).isEqualTo("message is 3000 bytes; the limit is 2048");
      IMqttToken other = publish(c, "devices/big-5/messages/events/", new byte[2049]);
      assertThat(other.getReasonCodes()).containsExactly(0x99);
      assertThat(other.getResponseProperties().getReasonString()).isEqualTo("message is 2049 bytes; the limit is 2048");
      // A refused message takes nothing from the rate limit.
      assertThat(publish(c, TelemetryTopic.securityTopic("big-5"), heartbeat()).getReasonCodes()).containsExactly(0);
      assertThat(rejections("MessageTooLarge", "V_5")).extracting(op -> op.extraDetails().get("Size") + "/" + op.extraDetails().get("Limit"))
          .containsExactlyInAnyOrder("3000/2048", "2049/2048");
      assertThat(gate.counts().of("big-5")).isEmpty();
    } finally {
      close(c);
    }
  }

  @Test
  void oneLimitHoldsForMqttAndHttpsTogether() throws Exception {
    RegisteredDevice d = registry.create("both-1", null);
    MqttAsyncClient c = mqtt5(d);
    try {
      assertThat(publish(c, TelemetryTopic.securityTopic("both-1"), heartbeat()).getReasonCodes()).containsExactly(0);
    } finally {
      close(c);
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + "/devices/both-1/messages/events"))
        .header("Authorization", token(d)).header("iothub-interface-id", "urn:azureiot:Security:SecurityAgent:1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(heartbeat())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("4");
    assertThat(operations).anySatisfy(op -> assertThat(op.protocol() + " " + op.result()).isEqualTo("HTTPS RateLimited"));
  }

  @Test
  void anMqtt311MessageOverTheRateIsHeldThenAcknowledgedAndPastTheHoldItsPublishFails() throws Exception {
    RegisteredDevice d = registry.create("rate-311", null);
    try (Mqtt311Client c = mqtt311(d)) {
      c.publish(TelemetryTopic.securityTopic("rate-311"), new String(heartbeat(), StandardCharsets.UTF_8), 1);
      // The next token is 4 s away, within the hold of 5 s: the PUBACK comes late, nothing is refused.
      c.publish(TelemetryTopic.securityTopic("rate-311"), new String(heartbeat(), StandardCharsets.UTF_8), 1);
      assertThat(stored).filteredOn(s -> s.startsWith("rate-311:")).hasSize(2);
      assertThat(rejections("RateLimited", "V_3_1_1")).isEmpty();
      // 8 s away: past the hold. MQTT 3.1.1 cannot refuse, so the publish fails and the client resends after reconnecting.
      assertThatThrownBy(() -> c.publish(TelemetryTopic.securityTopic("rate-311"), new String(heartbeat(), StandardCharsets.UTF_8), 1))
          .isInstanceOf(IOException.class).hasMessage("no acknowledgement for packet 3 (the broker closed the connection)");
    }
    assertThat(rejections("RateLimited", "V_3_1_1")).singleElement()
        .satisfies(op -> assertThat(op.extraDetails().get("Reason"))
            .isEqualTo("device 'rate-311' is over its rate limit of 0.25 messages/s (burst 1); retry in 8000 ms"));
    assertThat(stored).filteredOn(s -> s.startsWith("rate-311:")).hasSize(2);
  }

  @Test
  void anOversizeMqtt311MessageIsAcknowledgedRecordedAndNotStored() throws Exception {
    RegisteredDevice d = registry.create("big-311", null);
    try (Mqtt311Client c = mqtt311(d)) {
      c.publish(TelemetryTopic.securityTopic("big-311"), "x".repeat(3000), 1);
      assertThat(rejections("MessageTooLarge", "V_3_1_1")).singleElement()
          .satisfies(op -> assertThat(op.extraDetails().get("Reason")).isEqualTo("message is 3000 bytes; the limit is 2048"));
      // It can never become valid, so the connection stays (see TelemetryInterceptor#refuse).
      c.publish(TelemetryTopic.securityTopic("big-311"), new String(heartbeat(), StandardCharsets.UTF_8), 1);
      assertThat(stored).contains("big-311:Heartbeat");
    }
  }

  @Test
  void aMessageOverTheBrokersPacketLimitClosesTheConnectionAndIsRecorded() throws Exception {
    RegisteredDevice d = registry.create("huge-311", null);
    try (Mqtt311Client c = mqtt311(d)) {
      // Past the broker's packet limit (1 MiB here) the broker itself closes the connection, before any interceptor.
      assertThatThrownBy(() -> c.publish(TelemetryTopic.securityTopic("huge-311"), "x".repeat(1_100_000), 1))
          .isInstanceOf(IOException.class); // "Broken pipe" while sending, or no PUBACK
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (rejections("MessageTooLarge", "V_3_1_1").stream().noneMatch(op -> "true".equals(op.extraDetails().get("Disconnected")))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(rejections("MessageTooLarge", "V_3_1_1")).filteredOn(op -> "true".equals(op.extraDetails().get("Disconnected")))
        .singleElement().satisfies(op -> {
          assertThat(op.extraDetails().get("Reason")).isEqualTo("message is over 1048576 bytes; the limit is 2048");
          assertThat(op.extraDetails()).containsEntry("Size", ">1048576");
        });
  }

  @Test
  void otherTelemetryIsCountedPerDeviceAndProtocol() throws Exception {
    RegisteredDevice d = registry.create("count-1", null);
    MqttAsyncClient c = mqtt5(d);
    try {
      long before = broker.otherTelemetryCount();
      assertThat(publish(c, "devices/count-1/messages/events/unit=C", "{\"temperature\": 21}".getBytes(StandardCharsets.UTF_8))
          .getReasonCodes()).containsExactly(0);
      assertThat(gate.counts().of("count-1")).isEqualTo(Map.of("MQTT", new TelemetryCounts.Count(1, 19)));
      assertThat(broker.otherTelemetryCount()).isEqualTo(before + 1);
      assertThat(stored).noneMatch(s -> s.startsWith("count-1:"));
    } finally {
      close(c);
    }
  }
}
