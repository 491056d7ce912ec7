package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agentless detections: what devices do at the hub (here, a refused CONNECT) reaches the built-in hub rules. */
class HubAlertsServerTest {
  @TempDir Path dir;

  @Test
  void aConnectWithAForgedSasTokenRaisesIoTInvalidSasTokenForTheDevice() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt), Clock.systemUTC(),
        alerts::add)) {
      RegisteredDevice gw = server.registry().create("gw-forged", null);
      MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqtt, gw.deviceId(), new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("localhost/" + gw.deviceId() + "/?api-version=2021-04-12");
      String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
      o.setPassword(SasToken.sign(SasToken.deviceResource("localhost", gw.deviceId()), wrongKey, Instant.now().plusSeconds(600))
          .toString().getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> client.connect(o)).hasMessageContaining("Not authorized");
      client.close();
      long deadline = System.currentTimeMillis() + 10_000;
      while (alerts.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    }
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_Invalid_SAS_Token");
      assertThat(a.deviceId()).isEqualTo("gw-forged");
    });
  }
}
