package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.hub.twin.TwinStore;
import io.vigil.model.event.HubOperation;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device twin over the real embedded broker on loopback, driven by real MQTT 5 (Paho) and MQTT
 * 3.1.1 clients exactly as an IoT Hub device would.
 */
class TwinBrokerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RES = "$iothub/twin/res/#";
  private static final String DESIRED = "$iothub/twin/PATCH/properties/desired/#";

  @TempDir static Path dir;
  static MqttBroker broker;
  static DeviceRegistry registry;
  static int port;
  /** "deviceId Operation/Result {details in key order}" */
  static final List<String> operations = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Clock clock = Clock.systemUTC();
    registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "hub.local", port, 256 * 1024, null), registry,
        (device, message, at) -> CompletableFuture.completedFuture(null),
        (device, op, at) -> operations.add(device + " " + op.operation() + "/" + op.result() + " " + new java.util.TreeMap<>(op.extraDetails())),
        TwinStore.open(dir.resolve("twins"), id -> registry.find(id).isPresent()), clock);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  /** A device on MQTT 5 (Paho), subscribed to the twin answers and desired changes, keeping what it receives. */
  static final class Device5 implements AutoCloseable {
    final MqttAsyncClient client;
    final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();

    Device5(String deviceId) throws MqttException {
      RegisteredDevice d = registry.find(deviceId).orElseGet(() -> registry.create(deviceId, null));
      client = new MqttAsyncClient("tcp://127.0.0.1:" + port, deviceId, new MemoryPersistence());
      client.setCallback(new MqttCallback() {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
          received.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
      });
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("hub.local/" + deviceId + "/?api-version=2021-04-12");
      o.setPassword(password(deviceId, d.primaryKey()).getBytes(StandardCharsets.UTF_8));
      client.connect(o).waitForCompletion(10_000);
      client.subscribe(RES, 1).waitForCompletion(10_000);
      client.subscribe(DESIRED, 1).waitForCompletion(10_000);
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code. */
    int publish(String topic, String body) throws MqttException {
      IMqttToken t = client.publish(topic, new MqttMessage(body.getBytes(StandardCharsets.UTF_8), 1, false, null));
      t.waitForCompletion(10_000);
      return t.getReasonCodes()[0];
    }

    String[] next() throws InterruptedException {
      String[] m = received.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }

    @Override
    public void close() throws MqttException {
      client.disconnect().waitForCompletion(10_000);
      client.close();
    }
  }

  private static String password(String deviceId, String key) {
    return SasToken.sign("hub.local/devices/" + deviceId, key, Instant.now().plusSeconds(600)).toString();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void getAnswersTheTwinToTheDevice() throws Exception {
    try (Device5 d = new Device5("tw-get")) {
      assertThat(d.publish("$iothub/twin/GET/?$rid=1", "")).isZero();
      String[] answer = d.next();
      assertThat(answer[0]).isEqualTo("$iothub/twin/res/200/?$rid=1");
      assertThat(json(answer[1])).isEqualTo(json("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}"));
      assertThat(operations).contains("tw-get TwinGet/Success {DesiredVersion=1, ReportedVersion=1}");
    }
  }

  @Test
  void reportedPatchesAreMergedAndVersioned() throws Exception {
    try (Device5 d = new Device5("tw-rep")) {
      assertThat(d.publish("$iothub/twin/PATCH/properties/reported/?$rid=a", "{\"latest_state\":\"ok\",\"x\":{\"y\":1}}")).isZero();
      assertThat(d.next()).containsExactly("$iothub/twin/res/204/?$rid=a&$version=2", "");
      assertThat(d.publish("$iothub/twin/PATCH/properties/reported/?$rid=b", "{\"x\":{\"z\":2},\"latest_state\":null}")).isZero();
      assertThat(d.next()[0]).isEqualTo("$iothub/twin/res/204/?$rid=b&$version=3");
      d.publish("$iothub/twin/GET/?$rid=c", "");
      assertThat(json(d.next()[1]).path("reported")).isEqualTo(json("{\"x\":{\"y\":1,\"z\":2},\"$version\":3}"));
    }
  }

  @Test
  void aDesiredChangeIsSentToTheConnectedDevice() throws Exception {
    try (Device5 d = new Device5("tw-des")) {
      broker.twins().updateDesired("tw-des", json("{\"Process_Mode\":\"Polling\",\"Baseline\":{\"Disabled\":true}}"));
      String[] patch = d.next();
      assertThat(patch[0]).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
      assertThat(patch[1]).isEqualTo("{\"Process_Mode\":\"Polling\",\"Baseline\":{\"Disabled\":true},\"$version\":2}");
      assertThat(operations).contains("tw-des TwinDesiredUpdate/Success {Keys=Process_Mode,Baseline, Version=2}");
    }
  }

  @Test
  void aBadBodyIsAnswered400WithWhatAndWhereAndStillAcknowledged() throws Exception {
    try (Device5 d = new Device5("tw-bad")) {
      assertThat(d.publish("$iothub/twin/PATCH/properties/reported/?$rid=9", "{\"a\": [1, {\"$b\": 2}]}")).isZero();
      String[] answer = d.next();
      assertThat(answer[0]).isEqualTo("$iothub/twin/res/400/?$rid=9");
      assertThat(answer[1]).isEqualTo("{\"message\":\"/a/1/$b: keys starting with '$' are reserved\"}");
      assertThat(d.publish("$iothub/twin/PATCH/properties/reported/?$rid=10", "not json")).isZero();
      assertThat(json(d.next()[1]).path("message").asText()).startsWith("patch: not valid JSON at line 1, column ");
      assertThat(d.publish("$iothub/twin/PATCH/properties/reported/?$rid=11", "{\"a\":\"" + "x".repeat(40_000) + "\"}")).isZero();
      assertThat(d.next()[0]).isEqualTo("$iothub/twin/res/413/?$rid=11");
      assertThat(d.publish("$iothub/twin/DELETE/?$rid=12", "")).isZero();
      assertThat(d.next()[0]).isEqualTo("$iothub/twin/res/400/?$rid=12");
      assertThat(operations).contains(
          "tw-bad TwinReportedUpdate/InvalidPatch {Reason=/a/1/$b: keys starting with '$' are reserved, RequestId=9, Status=400}");
      assertThat(operations).anyMatch(op -> op.startsWith("tw-bad TwinRequest/UnsupportedRequest"));
    }
  }

  @Test
  void noDeviceSeesAnotherDevicesTwinTraffic() throws Exception {
    try (Device5 a = new Device5("tw-iso-a"); Device5 b = new Device5("tw-iso-b")) {
      a.publish("$iothub/twin/GET/?$rid=a1", "");
      assertThat(a.next()[0]).isEqualTo("$iothub/twin/res/200/?$rid=a1");
      a.publish("$iothub/twin/PATCH/properties/reported/?$rid=a2", "{\"secret\":\"of-a\"}");
      assertThat(a.next()[0]).isEqualTo("$iothub/twin/res/204/?$rid=a2&$version=2");
      broker.twins().updateDesired("tw-iso-a", json("{\"only\":\"for-a\"}"));
      assertThat(a.next()[0]).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
      // A tries to answer and notify B on the shared topics: A is told 400 and B gets nothing.
      a.publish("$iothub/twin/res/200/?$rid=b1", "{\"desired\":{\"evil\":true}}");
      assertThat(a.next()[0]).isEqualTo("$iothub/twin/res/400/?$rid=b1");
      a.publish("$iothub/twin/PATCH/properties/desired/?$version=99", "{\"evil\":true}");
      Thread.sleep(500);
      assertThat(b.received).as("what B received").isEmpty();
      assertThat(a.received).as("A's own publishes are not echoed back to A either").isEmpty();
      // B's subscriptions work: it gets its own answer, and only that.
      b.publish("$iothub/twin/GET/?$rid=b2", "");
      assertThat(b.next()[0]).isEqualTo("$iothub/twin/res/200/?$rid=b2");
      Thread.sleep(200);
      assertThat(b.received).isEmpty();
    }
  }

  @Test
  void anMqtt311DeviceGetsTheSameTwinService() throws Exception {
    RegisteredDevice d = registry.create("tw-311", null);
    try (Mqtt311Client c = Mqtt311Client.connect(port, "tw-311", "hub.local/tw-311/?api-version=2021-04-12",
        password("tw-311", d.primaryKey()))) {
      assertThat(c.subscribe(RES, 1)).isEqualTo(1);
      assertThat(c.subscribe(DESIRED, 1)).isEqualTo(1);
      c.publish("$iothub/twin/GET/?$rid=1", "", 0);
      assertThat(c.receive(Duration.ofSeconds(10))).isEqualTo(new Mqtt311Client.Message("$iothub/twin/res/200/?$rid=1",
          "{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}"));
      c.publish("$iothub/twin/PATCH/properties/reported/?$rid=2", "{\"latest_state\":\"ok\"}", 1);
      assertThat(c.receive(Duration.ofSeconds(10))).isEqualTo(new Mqtt311Client.Message("$iothub/twin/res/204/?$rid=2&$version=2", ""));
      c.publish("$iothub/twin/PATCH/properties/reported/?$rid=3", "[]", 1);
      assertThat(c.receive(Duration.ofSeconds(10))).isEqualTo(new Mqtt311Client.Message("$iothub/twin/res/400/?$rid=3",
          "{\"message\":\"patch: must be a JSON object, not an array\"}"));
      broker.twins().updateDesired("tw-311", json("{\"Process_Mode\":\"Polling\"}"));
      assertThat(c.receive(Duration.ofSeconds(10))).isEqualTo(new Mqtt311Client.Message(
          "$iothub/twin/PATCH/properties/desired/?$version=2", "{\"Process_Mode\":\"Polling\",\"$version\":2}"));
    }
  }
}
