package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.ca.CertificateTrust;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.hub.settings.DataCollection;
import io.vigil.hub.twin.TwinStore;
import io.vigil.model.event.HubOperation;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IP filter of the data-collection settings, at CONNECT on the real broker, changed live; Paho on loopback. */
class IpFilterBrokerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static MqttBroker broker;
  static DeviceRegistry registry;
  static DataCollection settings;
  static int port;
  static final List<RecordedOperation> operations = new CopyOnWriteArrayList<>();

  record RecordedOperation(String deviceId, HubOperation.Operation operation) {}

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Clock clock = Clock.systemUTC();
    registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    registry.create("plain-1", null);
    registry.create("lab-1", "lab");
    settings = DataCollection.open(dir, id -> registry.find(id).map(d -> d.device().securityGroup()),
        (id, op, at) -> operations.add(new RecordedOperation(id, op)), clock, new SecureRandom());
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "hub.local", port, 256 * 1024, null), registry,
        CertificateTrust.none(), (device, m, at) -> CompletableFuture.completedFuture(null),
        (id, op, at) -> operations.add(new RecordedOperation(id, op)),
        TwinStore.open(dir.resolve("twins"), id -> true), clock, settings::connectionRefusal);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static MqttAsyncClient connect(String deviceId) throws MqttException {
    RegisteredDevice d = registry.find(deviceId).orElseThrow();
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, deviceId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("hub.local/" + deviceId + "/?api-version=2021-04-12");
    o.setPassword(SasToken.sign("hub.local/devices/" + deviceId, d.primaryKey(), Instant.now().plusSeconds(600)).toString()
        .getBytes(StandardCharsets.UTF_8));
    c.connect(o).waitForCompletion(10_000);
    return c;
  }

  private static void closeQuietly(MqttAsyncClient c) throws MqttException {
    c.disconnect().waitForCompletion(5_000);
    c.close();
  }

  @Test
  void aDenyRuleRefusesTheConnectWith0x8AAndRecordsItThenAnAllowRuleAdmitsItLive() throws Exception {
    settings.replaceGlobal(JSON.readTree("""
        {"ipFilter": {"rules": [{"name": "no-loopback", "action": "deny", "cidr": "127.0.0.0/8"}]}}"""));
    operations.clear();
    assertThatThrownBy(() -> connect("plain-1"))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x8A));
    assertThat(operations).anySatisfy(r -> {
      assertThat(r.deviceId()).isEqualTo("plain-1");
      assertThat(r.operation().operation()).isEqualTo("Connect");
      assertThat(r.operation().result()).isEqualTo("IpFilterRejected");
      assertThat(r.operation().sourceIp()).isEqualTo("127.0.0.1");
      assertThat(r.operation().extraDetails().get("Reason"))
          .isEqualTo("connection from 127.0.0.1 refused by the IP filter (rule deny 127.0.0.0/8 (no-loopback))");
    });
    // MQTT 3.1.1 has no 0x8A: the client gets return code 5, not authorized.
    assertThatThrownBy(() -> Mqtt311Client.connect(port, "plain-1", "hub.local/plain-1/?api-version=2021-04-12", "x").close())
        .hasMessage("CONNECT refused: packet 0x20, return code 5");
    // No credential check happened: no AuthFailure or Connect/Success for the refused CONNECTs.
    assertThat(operations).noneSatisfy(r -> assertThat(r.operation().operation()).isEqualTo("AuthFailure"));
    assertThat(operations).noneSatisfy(r -> assertThat(r.operation().result()).isEqualTo("Success"));

    settings.replaceGlobal(JSON.readTree("""
        {"ipFilter": {"defaultAction": "deny", "rules": [{"action": "allow", "cidr": "127.0.0.1"}, {"action": "deny", "cidr": "127.0.0.0/8"}]}}"""));
    MqttAsyncClient c = connect("plain-1");
    assertThat(c.isConnected()).isTrue();
    closeQuietly(c);
  }

  @Test
  void aSecurityGroupsFilterAppliesToItsDevicesOnly() throws Exception {
    settings.replaceGlobal(JSON.readTree("{}"));
    settings.replaceGroup("lab", JSON.readTree("""
        {"ipFilter": {"defaultAction": "deny", "rules": [{"action": "allow", "cidr": "10.0.0.0/8"}]}}"""));
    try {
      assertThatThrownBy(() -> connect("lab-1"))
          .isInstanceOf(MqttException.class)
          .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x8A));
      assertThat(operations).anySatisfy(r -> assertThat(r.operation().extraDetails().get("Reason"))
          .isEqualTo("connection from 127.0.0.1 refused by the IP filter (no rule allows it, default deny)"));
      MqttAsyncClient c = connect("plain-1");
      assertThat(c.isConnected()).isTrue();
      closeQuietly(c);
    } finally {
      settings.removeGroup("lab");
    }
    MqttAsyncClient c = connect("lab-1");
    assertThat(c.isConnected()).isTrue();
    closeQuietly(c);
  }
}
