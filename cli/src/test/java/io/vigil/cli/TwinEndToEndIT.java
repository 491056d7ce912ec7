package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.SasToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device twin end to end with real processes on loopback: {@code vigil device twin --set} on a
 * running server reaches a device connected with its connection string, the device's report shows
 * in {@code vigil device twin}, and the twin outlives the server.
 */
class TwinEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    VigilProcess.stopAll(processes);
  }

  private static JsonNode twin(String... args) throws Exception {
    VigilProcess.Result r = VigilProcess.run(args);
    assertThat(r.exitCode()).as("vigil %s: %s", String.join(" ", args), r.stderr()).isZero();
    return JSON.readTree(r.stdout());
  }

  /** Connects as the device, the IoT Hub way, with the key from its connection string. */
  private static MqttClient device(String connectionString, BlockingQueue<String[]> received) throws Exception {
    ConnectionString cs = ConnectionString.parse(connectionString);
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + cs.port(), cs.deviceId(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(cs.hostName() + "/" + cs.deviceId() + "/?api-version=2021-04-12");
    o.setPassword(SasToken.sign(cs.hostName() + "/devices/" + cs.deviceId(), cs.sharedAccessKey(), Instant.now().plusSeconds(600))
        .toString().getBytes(StandardCharsets.UTF_8));
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
    client.connect(o);
    client.subscribe("$iothub/twin/res/#", 1);
    client.subscribe("$iothub/twin/PATCH/properties/desired/#", 1);
    return client;
  }

  private static String[] next(BlockingQueue<String[]> received) throws InterruptedException {
    String[] m = received.poll(15, TimeUnit.SECONDS);
    assertThat(m).as("a message to the device within 15 s").isNotNull();
    return m;
  }

  @Test
  void desiredPropertiesSetWithTheCliReachTheDeviceAndItsReportShows() throws Exception {
    Path data = dir.resolve("data");
    int http = VigilProcess.freePort();
    int mqtt = VigilProcess.freePort();
    Path serverLog = dir.resolve("server.log");
    Process server = VigilProcess.start(serverLog, Map.of(), "server", "--data-dir", data.toString(),
        "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(mqtt),
        "--https-port", "0", "--mqtt-tls-port", Integer.toString(VigilProcess.freePort()), "--bind", "127.0.0.1");
    processes.add(server);
    VigilProcess.awaitHealthy(http, serverLog);
    VigilProcess.Result created = VigilProcess.run("device", "create", "twin-e2e", "--data-dir", data.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();

    BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    MqttClient device = device(created.stdout().trim(), received);
    try {
      JsonNode set = twin("device", "twin", "twin-e2e", "--set", "Process_Mode=Polling", "--set", "Baseline_Interval=5",
          "--data-dir", data.toString());
      assertThat(set.path("deviceId").asText()).isEqualTo("twin-e2e");
      assertThat(set.path("desired")).isEqualTo(JSON.readTree("{\"Process_Mode\":\"Polling\",\"Baseline_Interval\":5,\"$version\":2}"));

      String[] patch = next(received);
      assertThat(patch[0]).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
      assertThat(JSON.readTree(patch[1])).isEqualTo(JSON.readTree("{\"Process_Mode\":\"Polling\",\"Baseline_Interval\":5,\"$version\":2}"));

      device.publish("$iothub/twin/PATCH/properties/reported/?$rid=1",
          new MqttMessage("{\"latest_state\":\"ok\"}".getBytes(StandardCharsets.UTF_8), 1, false, null));
      assertThat(next(received)[0]).isEqualTo("$iothub/twin/res/204/?$rid=1&$version=2");
    } finally {
      device.disconnect();
      device.close();
    }

    JsonNode shown = twin("device", "twin", "twin-e2e", "--data-dir", data.toString());
    assertThat(shown.path("desired").path("Process_Mode").asText()).isEqualTo("Polling");
    assertThat(shown.path("reported")).isEqualTo(JSON.readTree("{\"latest_state\":\"ok\",\"$version\":2}"));

    VigilProcess.Result bad = VigilProcess.run("device", "twin", "twin-e2e", "--set", "Process_Mode", "--data-dir", data.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr()).contains("--set expects KEY=VALUE, got 'Process_Mode'");
    VigilProcess.Result reserved = VigilProcess.run("device", "twin", "twin-e2e", "--set", "$version=7", "--data-dir", data.toString());
    assertThat(reserved.exitCode()).isEqualTo(1);
    assertThat(reserved.stderr()).contains("vigil: /desired/$version: keys starting with '$' are reserved");
    VigilProcess.Result unknown = VigilProcess.run("device", "twin", "nope", "--data-dir", data.toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("vigil: no device 'nope'");

    VigilProcess.await("twin operations in HubOperation", Duration.ofSeconds(15), serverLog, () -> {
      VigilProcess.Result q = VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv",
          "SELECT Operation, Result FROM HubOperation WHERE DeviceId = 'twin-e2e' ORDER BY TimeGenerated");
      return q.stdout().contains("TwinDesiredUpdate,Success") && q.stdout().contains("TwinReportedUpdate,Success")
          && q.stdout().contains("TwinDesiredUpdate,InvalidPatch");
    });

    // Without the server, the CLI works on the files the server left: the twin outlived it.
    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    JsonNode offline = twin("device", "twin", "twin-e2e", "--unset", "Process_Mode", "--data-dir", data.toString());
    assertThat(offline.path("desired")).isEqualTo(JSON.readTree("{\"Baseline_Interval\":5,\"$version\":3}"));
    assertThat(offline.path("reported").path("latest_state").asText()).isEqualTo("ok");
  }
}
