package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real embedded broker on a loopback port, driven by a real MQTT 5 client (Paho). */
class MqttBrokerTest {
  @TempDir static Path dir;
  static MqttBroker broker;
  static DeviceRegistry registry;
  static RegisteredDevice gw;
  static int port;
  static int tlsPort;
  static io.vigil.hub.ca.CertificateAuthority ca;
  static final List<String> stored = new CopyOnWriteArrayList<>();
  /** Device and protocol of each message handed to the sink. */
  static final List<String> protocols = new CopyOnWriteArrayList<>();
  static final List<HubOperation.Operation> operations = new CopyOnWriteArrayList<>();
  static final Map<String, List<HubOperation.Operation>> devicesOperations = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0); ServerSocket t = new ServerSocket(0)) {
      port = s.getLocalPort();
      tlsPort = t.getLocalPort();
    }
    Clock clock = Clock.systemUTC();
    ca = io.vigil.hub.ca.CertificateAuthority.loadOrCreate(dir.resolve("ca"), clock, new SecureRandom());
    var tls = new BrokerConfig.TlsListener("127.0.0.1", tlsPort, ca.issueServerKeystore(List.of("localhost", "127.0.0.1")));
    registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    gw = registry.create("gw-1", null);
    registry.create("gw-2", null);
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "hub.local", port, 256 * 1024, tls), registry,
        new io.vigil.hub.ingest.IngestSink() {
          @Override
          public CompletableFuture<Void> accept(Device device, SecurityMessage m, Instant at) {
            stored.add(device.deviceId() + ":" + m.events().get(0).kind().eventName());
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public CompletableFuture<Void> accept(Device device, SecurityMessage m, Instant at, String protocol) {
            protocols.add(device.deviceId() + ":" + protocol);
            return accept(device, m, at);
          }
        },
        (device, op, at) -> {
          operations.add(op);
          devicesOperations.computeIfAbsent(device, k -> new CopyOnWriteArrayList<>()).add(op);
        }, clock);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static MqttAsyncClient connect(String deviceId, String key) throws MqttException {
    return connect("tcp://127.0.0.1:" + port, deviceId, key, null);
  }

  private static MqttAsyncClient connect(String uri, String deviceId, String key, javax.net.SocketFactory sockets) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(uri, deviceId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    if (sockets != null) {
      o.setSocketFactory(sockets);
      o.setHttpsHostnameVerificationEnabled(true);
    }
    o.setUserName("hub.local/" + deviceId + "/?api-version=2021-04-12");
    o.setPassword(SasToken.sign("hub.local/devices/" + deviceId, key, Instant.now().plusSeconds(600)).toString()
        .getBytes(StandardCharsets.UTF_8));
    c.connect(o).waitForCompletion(10_000);
    return c;
  }

  private static byte[] heartbeat() {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
  }

  private static IMqttToken publish(MqttAsyncClient c, String topic, byte[] payload) throws MqttException {
    IMqttToken t = c.publish(topic, new MqttMessage(payload, 1, false, null));
    t.waitForCompletion(10_000);
    return t;
  }

  @Test
  void validMessageIsStoredThenAcknowledged() throws Exception {
    MqttAsyncClient c = connect("gw-1", gw.primaryKey());
    try {
      IMqttToken t = publish(c, TelemetryTopic.securityTopic("gw-1"), heartbeat());
      assertThat(t.getReasonCodes()).containsExactly(0);
      assertThat(stored).contains("gw-1:Heartbeat");
      assertThat(protocols).as("the sink is told the protocol").contains("gw-1:MQTT");
      assertThat(operations).anySatisfy(op -> assertThat(op.operation() + "/" + op.result()).isEqualTo("Connect/Success"));
    } finally {
      c.disconnect().waitForCompletion();
      c.close();
    }
  }

  @Test
  void invalidMessageIsRefusedWithItsLocatedReason() throws Exception {
    MqttAsyncClient c = connect("gw-1", gw.primaryKey());
    try {
      IMqttToken t = publish(c, TelemetryTopic.securityTopic("gw-1"), "{\"AgentVersion\": 1}".getBytes(StandardCharsets.UTF_8));
      assertThat(t.getReasonCodes()).containsExactly(0x99);
      assertThat(t.getResponseProperties().getReasonString()).contains("/AgentVersion").doesNotContain("\n");
      assertThat(operations).anySatisfy(op -> assertThat(op.result()).isEqualTo("InvalidMessage"));
    } finally {
      c.disconnect().waitForCompletion();
      c.close();
    }
  }

  @Test
  void aDeviceCannotPublishAsAnother() throws Exception {
    MqttAsyncClient c = connect("gw-1", gw.primaryKey());
    try {
      IMqttToken t = publish(c, TelemetryTopic.securityTopic("gw-2"), heartbeat());
      assertThat(t.getReasonCodes()).containsExactly(0x87);
      assertThat(stored).doesNotContain("gw-2:Heartbeat");
      assertThat(publish(c, "factory/valves/7", heartbeat()).getReasonCodes()).containsExactly(0x87);
      c.subscribe("devices/gw-2/messages/devicebound/#", 1).waitForCompletion();
      // Each refusal is a hub operation, for the agentless detections.
      long deadline = System.currentTimeMillis() + 5_000;
      while (operations.stream().filter(op -> op.operation().equals("AuthorizationDenied")).count() < 3
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(operations).filteredOn(op -> op.operation().equals("AuthorizationDenied"))
          .extracting(op -> op.result() + " " + op.extraDetails().get("Topic"))
          .contains("Publish " + TelemetryTopic.securityTopic("gw-2"), "Publish factory/valves/7",
              "Subscribe devices/gw-2/messages/devicebound/#");
      // What a device may do is not recorded.
      c.subscribe("devices/gw-1/messages/devicebound/#", 1).waitForCompletion();
      assertThat(operations).filteredOn(op -> op.operation().equals("AuthorizationDenied"))
          .noneMatch(op -> op.extraDetails().get("Topic").startsWith("devices/gw-1/"));
    } finally {
      c.disconnect().waitForCompletion();
      c.close();
    }
  }

  @Test
  void plainTelemetryIsCountedNotStored() throws Exception {
    MqttAsyncClient c = connect("gw-1", gw.primaryKey());
    try {
      long before = broker.otherTelemetryCount();
      IMqttToken t = publish(c, "devices/gw-1/messages/events/", "{\"temperature\": 21}".getBytes(StandardCharsets.UTF_8));
      assertThat(t.getReasonCodes()).containsExactly(0);
      assertThat(broker.otherTelemetryCount()).isEqualTo(before + 1);
    } finally {
      c.disconnect().waitForCompletion();
      c.close();
    }
  }

  private static javax.net.ssl.SSLSocketFactory trusting(java.security.cert.X509Certificate cert) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", cert);
    var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }

  @Test
  void aDeviceTrustingVigilsCaConnectsOverTls() throws Exception {
    MqttAsyncClient c = connect("ssl://localhost:" + tlsPort, "gw-1", gw.primaryKey(), trusting(ca.certificate()));
    try {
      assertThat(publish(c, TelemetryTopic.securityTopic("gw-1"), heartbeat()).getReasonCodes()).containsExactly(0);
    } finally {
      c.disconnect().waitForCompletion();
      c.close();
    }
  }

  @Test
  void aDeviceThatDoesNotTrustTheCaIsNotFooled() {
    assertThatThrownBy(() -> connect("ssl://localhost:" + tlsPort, "gw-1", gw.primaryKey(),
        (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault()))
        .isInstanceOf(MqttException.class)
        .rootCause().hasMessageContaining("unable to find valid certification path");
  }

  @Test
  void aDisabledDeviceIsDisconnectedAndRefused() throws Exception {
    RegisteredDevice cam = registry.create("cam-3", null);
    MqttAsyncClient c = connect("cam-3", cam.primaryKey());
    try {
      registry.setEnabled("cam-3", false);
      broker.disconnect("cam-3");
      for (int i = 0; i < 100 && c.isConnected(); i++) {
        Thread.sleep(50);
      }
      assertThat(c.isConnected()).isFalse();
      assertThatThrownBy(() -> connect("cam-3", cam.primaryKey()))
          .isInstanceOf(MqttException.class)
          .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x87));
      assertThat(operations).anySatisfy(op -> assertThat(op.result()).isEqualTo("DisabledDevice"));
    } finally {
      c.close(true);
    }
  }

  @Test
  void reasonStringsAreOneBoundedLine() {
    assertThat(TelemetryInterceptor.reasonString("/a: x\n/b: y\tz")).isEqualTo("/a: x; /b: y z");
    assertThat(TelemetryInterceptor.reasonString("e".repeat(5000))).hasSize(1000).endsWith("...");
  }

  @Test
  void wrongKeyIsRefusedAndRecorded() {
    assertThatThrownBy(() -> connect("gw-1", "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMTI="))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x87));
    assertThat(operations).anySatisfy(op -> {
      assertThat(op.operation()).isEqualTo("AuthFailure");
      assertThat(op.result()).isEqualTo("InvalidSasSignature");
    });
  }

  /** The operations recorded for {@code deviceId} once {@code count} of them are {@code operation}, or after 10 s. */
  private static List<HubOperation.Operation> awaitOperations(String deviceId, String operation, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      List<HubOperation.Operation> found = devicesOperations.getOrDefault(deviceId, List.of()).stream()
          .filter(op -> op.operation().equals(operation)).toList();
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(20);
    }
    return devicesOperations.getOrDefault(deviceId, List.of()).stream().filter(op -> op.operation().equals(operation)).toList();
  }

  @Test
  void aCleanDisconnectIsRecordedWithTheFieldsOfTheConnect() throws Exception {
    RegisteredDevice d = registry.create("bye-1", null);
    MqttAsyncClient c = connect("bye-1", d.primaryKey());
    c.disconnect().waitForCompletion(10_000);
    c.close();
    HubOperation.Operation connect = awaitOperations("bye-1", "Connect", 1).getFirst();
    List<HubOperation.Operation> disconnects = awaitOperations("bye-1", "Disconnect", 1);
    assertThat(disconnects).singleElement().satisfies(op -> {
      assertThat(op.result()).isEqualTo("ClientInitiated");
      assertThat(op.protocol()).isEqualTo("MQTT");
      assertThat(op.sourceIp()).isEqualTo("127.0.0.1").isEqualTo(connect.sourceIp());
      assertThat(op.extraDetails()).containsEntry("AuthType", "SAS").containsEntry("MqttVersion", "V_5")
          .containsEntry("ReasonCode", "NORMAL_DISCONNECTION");
      assertThat(op.extraDetails().get("AuthType")).isEqualTo(connect.extraDetails().get("AuthType"));
    });
  }

  @Test
  void aDroppedConnectionAndAServerDisconnectAreRecordedAsSuch() throws Exception {
    RegisteredDevice d = registry.create("bye-2", null);
    Mqtt311Client c = Mqtt311Client.connect(port, "bye-2", "hub.local/bye-2/?api-version=2021-04-12",
        SasToken.sign("hub.local/devices/bye-2", d.primaryKey(), Instant.now().plusSeconds(600)).toString());
    c.drop();
    assertThat(awaitOperations("bye-2", "Disconnect", 1)).singleElement().satisfies(op -> {
      assertThat(op.result()).isEqualTo("ConnectionLost");
      assertThat(op.sourceIp()).isEqualTo("127.0.0.1");
      assertThat(op.extraDetails()).containsEntry("AuthType", "SAS").containsEntry("MqttVersion", "V_3_1_1")
          .doesNotContainKey("ReasonCode");
    });

    MqttAsyncClient v5 = connect("bye-2", d.primaryKey());
    try {
      broker.disconnect("bye-2");
      List<HubOperation.Operation> disconnects = awaitOperations("bye-2", "Disconnect", 2);
      assertThat(disconnects).hasSize(2);
      assertThat(disconnects.get(1).result()).isEqualTo("ServerInitiated");
      assertThat(disconnects.get(1).extraDetails()).containsEntry("AuthType", "SAS").containsEntry("MqttVersion", "V_5");
      for (int i = 0; i < 100 && v5.isConnected(); i++) {
        Thread.sleep(50);
      }
    } finally {
      v5.close(true);
    }
  }

  @Test
  void aRefusedConnectIsNotRecordedAsADisconnect() throws Exception {
    registry.create("bye-3", null);
    assertThatThrownBy(() -> connect("bye-3", "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMTI="))
        .isInstanceOf(MqttException.class);
    awaitOperations("bye-3", "AuthFailure", 1);
    // A later connection's disconnect is the barrier: the refused one's would have been recorded before it.
    RegisteredDevice other = registry.create("bye-4", null);
    MqttAsyncClient c = connect("bye-4", other.primaryKey());
    c.disconnect().waitForCompletion(10_000);
    c.close();
    assertThat(awaitOperations("bye-4", "Disconnect", 1)).hasSize(1);
    assertThat(devicesOperations.get("bye-3")).extracting(HubOperation.Operation::operation).containsExactly("AuthFailure");
  }

  @Test
  void anExpiredSasTokenIsRefusedAndRecordedAsExpiredSas() throws Exception {
    RegisteredDevice d = registry.create("late-1", null);
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, "late-1", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("hub.local/late-1/?api-version=2021-04-12");
    Instant expiry = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    o.setPassword(SasToken.sign("hub.local/devices/late-1", d.primaryKey(), expiry).toString().getBytes(StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> c.connect(o).waitForCompletion(10_000))
          .isInstanceOf(MqttException.class)
          .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x87));
    } finally {
      c.close(true);
    }
    assertThat(awaitOperations("late-1", "AuthFailure", 1)).singleElement().satisfies(op -> {
      assertThat(op.result()).isEqualTo("ExpiredSas");
      assertThat(op.protocol()).isEqualTo("MQTT");
      assertThat(op.sourceIp()).isEqualTo("127.0.0.1");
      assertThat(op.extraDetails()).containsEntry("AuthType", "SAS").containsEntry("Reason", "SAS token expired at " + expiry);
    });
    assertThat(devicesOperations.get("late-1")).extracting(HubOperation.Operation::operation).doesNotContain("Connect");
  }

  @Test
  void thePlainListenerIsBoundToLoopbackOnly() throws Exception {
    String xml = java.nio.file.Files.readString(dir.resolve("broker/conf/config.xml"));
    assertThat(xml).contains("<tcp-listener>\n      <port>" + port + "</port>\n      <bind-address>127.0.0.1</bind-address>");
    try (java.net.Socket loopback = new java.net.Socket("127.0.0.1", port)) {
      assertThat(loopback.isConnected()).isTrue();
    }
  }
}
