package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud-to-device messages on the running server: posted through the API, received by a real MQTT 5
 * device on its devicebound topic, rejected by another, counted, and fed to the C2D custom alerts.
 * The server's clock stands still until the test moves it, so that all messages fall in one window.
 */
class CloudToDeviceServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A clock that stands still and moves only when told. */
  static final class StillClock extends Clock {
    volatile Instant now;

    StillClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private record Reply(int status, JsonNode body) {}

  private Reply call(VigilServer server, String method, String path, byte[] body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + AdminToken.read(server.config().dataDir())).build();
    HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), JSON.readTree(response.body()));
  }

  private Reply post(VigilServer server, String path, String body) throws Exception {
    return call(server, "POST", path, body.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String password(RegisteredDevice d) {
    return SasToken.sign(SasToken.deviceResource("localhost", d.deviceId()), d.primaryKey(), Instant.now().plusSeconds(600)).toString();
  }

  @Test
  void postedMessagesReachTheDeviceAreCountedAndFeedTheC2DAlerts() throws Exception {
    int mqtt = freePort();
    ServerConfig config = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt).withAllowedLateness(Duration.ZERO);
    long window = 10_000;
    StillClock clock = new StillClock(Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), window) * window + 1_000));
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (VigilServer server = VigilServer.start(config, clock, alerts::add)) {
      assertThat(call(server, "PUT", "/api/v1/security-groups/c2d/custom-alerts", """
          {"customAlerts": [{"type": "MqttC2DMessagesNotInAllowedRange", "min": 0, "max": 2, "window": "PT10S"},
                            {"type": "MqttC2DRejectedMessagesNotInAllowedRange", "min": 0, "max": 0, "window": "PT10S"},
                            {"type": "HttpC2DMessagesNotInAllowedRange", "min": 0, "max": 0, "window": "PT10S"}]}"""
          .getBytes(StandardCharsets.UTF_8)).body().path("error").asText()).isEqualTo("request body: /customAlerts/2/type:"
          + " HttpC2DMessagesNotInAllowedRange is not supported: Vigil's HTTPS endpoint does not deliver cloud-to-device messages"
          + " (they go over MQTT: use MqttC2DMessagesNotInAllowedRange), so it could never fire");
      assertThat(call(server, "PUT", "/api/v1/security-groups/c2d/custom-alerts", """
          {"customAlerts": [{"type": "MqttC2DMessagesNotInAllowedRange", "min": 0, "max": 2, "window": "PT10S"},
                            {"type": "MqttC2DRejectedMessagesNotInAllowedRange", "min": 0, "max": 0, "window": "PT10S"}]}"""
          .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
      RegisteredDevice receiver = server.registry().create("c2d-recv", "c2d");
      RegisteredDevice rejecter = server.registry().create("c2d-rej", "c2d");
      String path = "/api/v1/devices/c2d-recv/messages/devicebound";

      Reply notConnected = post(server, path, "hello");
      assertThat(notConnected.status()).isEqualTo(409);
      assertThat(notConnected.body().path("error").asText())
          .isEqualTo("device 'c2d-recv' is not connected: cloud-to-device messages are not queued");
      Reply unknown = post(server, "/api/v1/devices/nobody/messages/devicebound", "hello");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.body().path("error").asText()).isEqualTo("no device 'nobody'");

      MqttClient device = new MqttClient("tcp://127.0.0.1:" + mqtt, "c2d-recv", new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("localhost/c2d-recv/?api-version=2021-04-12");
      o.setPassword(password(receiver).getBytes(StandardCharsets.UTF_8));
      device.connect(o);
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      int[] granted = device.subscribe(new MqttSubscription[] {new MqttSubscription("devices/c2d-rej/messages/devicebound/#", 1)},
          new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> { }}).getGrantedQos();
      assertThat(granted).as("another device's devicebound topic: not authorized (0x87)").containsExactly(0x87);
      Reply notSubscribed = post(server, path, "hello");
      assertThat(notSubscribed.status()).isEqualTo(409);
      assertThat(notSubscribed.body().path("error").asText()).isEqualTo("device 'c2d-recv' has not subscribed to"
          + " devices/c2d-recv/messages/devicebound/#: the message was not delivered (counted as rejected)");
      device.subscribe(new MqttSubscription[] {new MqttSubscription("devices/c2d-recv/messages/devicebound/#", 1)},
          new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
              (t, m) -> received.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8))});

      Reply reserved = post(server, path + "?%24.mid=x", "hello");
      assertThat(reserved.status()).isEqualTo(400);
      assertThat(reserved.body().path("error").asText())
          .isEqualTo("query parameter property name '$.mid': must not be empty or start with '$' (reserved for system properties)");
      Reply twice = post(server, path + "?kind=a&kind=b", "hello");
      assertThat(twice.status()).isEqualTo(400);
      assertThat(twice.body().path("error").asText()).isEqualTo("query parameter 'kind': given 2 times, a property takes one value");
      Reply tooBig = call(server, "POST", path, new byte[ServerConfig.DEFAULT_MAX_MESSAGE_BYTES + 1]);
      assertThat(tooBig.status()).isEqualTo(413);
      assertThat(tooBig.body().path("error").asText())
          .isEqualTo("request body: message of 262145 bytes is over the limit of 262144 bytes");

      for (int i = 1; i <= 3; i++) {
        Reply sent = post(server, path + "?kind=reboot", "message " + i);
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.body().path("topic").asText()).isEqualTo("devices/c2d-recv/messages/devicebound/%24.mid="
            + sent.body().path("messageId").asText() + "&%24.to=%2Fdevices%2Fc2d-recv%2Fmessages%2FdeviceBound&kind=reboot");
      }
      for (int i = 1; i <= 3; i++) {
        String m = received.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("message " + i).isNotNull().startsWith("devices/c2d-recv/messages/devicebound/%24.mid=")
            .endsWith("&kind=reboot message " + i);
      }

      try (Mqtt5RejectingDevice rejecting = Mqtt5RejectingDevice.connect(mqtt, "c2d-rej", "localhost/c2d-rej/?api-version=2021-04-12",
          password(rejecter))) {
        assertThat(rejecting.subscribe("devices/c2d-rej/messages/devicebound/#")).isEqualTo(1);
        assertThat(post(server, "/api/v1/devices/c2d-rej/messages/devicebound", "no thanks").status()).isEqualTo(202);
        assertThat(rejecting.next()).startsWith("devices/c2d-rej/messages/devicebound/%24.mid=");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!telemetry(server, "c2d-rej").equals("{\"MQTT\":{\"sent\":1,\"rejected\":1}}") && System.currentTimeMillis() < deadline) {
          Thread.sleep(20);
        }
        assertThat(telemetry(server, "c2d-rej")).as("the PUBACK with 0x80 counted").isEqualTo("{\"MQTT\":{\"sent\":1,\"rejected\":1}}");
      }
      assertThat(telemetry(server, "c2d-recv")).as("3 sent, 1 not delivered (not subscribed)")
          .isEqualTo("{\"MQTT\":{\"sent\":3,\"rejected\":1}}");

      clock.now = clock.now.plusSeconds(20);
      long deadline = System.currentTimeMillis() + 10_000;
      while (alerts.size() < 3 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(alerts).extracting(a -> a.deviceId() + " " + a.alertName() + " " + a.extendedProperties().get("Count"))
          .containsExactlyInAnyOrder(
              "c2d-recv MqttC2DMessagesNotInAllowedRange 3",
              "c2d-recv MqttC2DRejectedMessagesNotInAllowedRange 1",
              "c2d-rej MqttC2DRejectedMessagesNotInAllowedRange 1");
      device.disconnect();
      device.close();
    }
  }

  private String telemetry(VigilServer server, String deviceId) throws Exception {
    return call(server, "GET", "/api/v1/devices/" + deviceId + "/telemetry", null).body().path("cloudToDevice").toString();
  }
}
