package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.agent.transport.MqttVersion;
import io.vigil.hub.broker.BrokerConfig;
import io.vigil.hub.broker.MqttBroker;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Device;
import io.vigil.model.event.SecurityMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent embedded in an application through {@link VigilAgent#builder()}, against the real hub broker. */
class VigilAgentTest {
  @TempDir Path dir;

  @Test
  void anEmbeddedAgentSendsToTheHubAndStopsOnClose() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    RegisteredDevice device = registry.create("app-1", null);
    List<String> received = new CopyOnWriteArrayList<>();
    try (MqttBroker broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "localhost", port, 256 * 1024, null), registry,
        (Device d, SecurityMessage m, Instant at) -> {
          m.events().forEach(e -> received.add(d.deviceId() + ":" + e.kind().eventName()));
          return CompletableFuture.completedFuture(null);
        },
        (d, op, at) -> { }, Clock.systemUTC())) {
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      String connection = "HostName=localhost;DeviceId=app-1;SharedAccessKey=" + device.primaryKey() + ";Port=" + port + ";Tls=false";
      VigilAgent agent = VigilAgent.builder().connectionString(connection).spoolDir(dir.resolve("spool"))
          .collectors("local_users").log(new PrintStream(log, true)).start();
      try {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!received.contains("app-1:LocalUsers") && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        assertThat(received).contains("app-1:LocalUsers", "app-1:AgentStatistics");
        assertThat(agent.isRunning()).isTrue();
      } finally {
        agent.close();
      }
      assertThat(agent.isRunning()).isFalse();
      assertThat(agent.failure()).isNull();
      assertThat(log.toString()).contains("INFO  agent: connected to tcp://localhost:" + port).doesNotContain(device.primaryKey());
    }
  }

  @Test
  void anAgentSpeakingMqtt311SendsAndAppliesItsTwinsDesiredChanges() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    RegisteredDevice device = registry.create("app-3", null);
    List<String> received = new CopyOnWriteArrayList<>();
    List<String> connects = new CopyOnWriteArrayList<>();
    try (MqttBroker broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "localhost", port, 256 * 1024, null), registry,
        (Device d, SecurityMessage m, Instant at) -> {
          m.events().forEach(e -> received.add(e.kind().eventName()));
          return CompletableFuture.completedFuture(null);
        },
        (d, op, at) -> {
          if (op.operation().equals("Connect")) {
            connects.add(op.result() + " " + op.extraDetails().get("MqttVersion"));
          }
        }, Clock.systemUTC())) {
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      String connection = "HostName=localhost;DeviceId=app-3;SharedAccessKey=" + device.primaryKey() + ";Port=" + port + ";Tls=false";
      VigilAgent agent = VigilAgent.builder().connectionString(connection).mqttVersion(MqttVersion.V3_1_1)
          .spoolDir(dir.resolve("spool")).collectors("local_users").log(new PrintStream(log, true)).start();
      try {
        await(() -> received.contains("LocalUsers"));
        assertThat(connects).containsExactly("Success V_3_1_1");
        broker.twins().updateDesired("app-3", new ObjectMapper().readTree("{\"LocalUsers_Disabled\": true}"));
        await(() -> "true".equals(reported(broker, "app-3", "configuration", "LocalUsers_Disabled")));
        assertThat(reported(broker, "app-3", "latest_state", null)).isEqualTo("success");
        assertThat(log.toString()).contains("INFO  agent: connected to tcp://localhost:" + port + " (MQTT 3.1.1)",
            ") applied: local_users stopped");
      } finally {
        agent.close();
      }
      assertThat(agent.failure()).isNull();
    }
  }

  /** The reported property {@code key} (or {@code key.inner}) of the device's twin as text, or null. */
  private static String reported(MqttBroker broker, String deviceId, String key, String inner) {
    JsonNode v = broker.twins().get(deviceId).reported().values().get(key);
    if (v != null && inner != null) {
      v = v.get(inner);
    }
    return v == null ? null : v.asText();
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(condition.getAsBoolean()).as("within 30 s").isTrue();
  }

  @Test
  void badSettingsSayWhatIsWrong() {
    assertThatThrownBy(() -> VigilAgent.builder().spoolDir(dir).build())
        .hasMessage("no connection string: give one, or ConnectionString in the config file");
    assertThatThrownBy(() -> VigilAgent.builder().connectionString("HostName=h;DeviceId=d;SharedAccessKey=a2V5")
        .spoolDir(dir).collectors("teleport").build())
        .hasMessageStartingWith("collectors: unknown collector 'teleport'; available: process");
    assertThatThrownBy(() -> VigilAgent.builder().connectionString("HostName=h;DeviceId=d;SharedAccessKey=a2V5")
        .root(dir.resolve("nope")).build()).hasMessage("root " + dir.resolve("nope") + " is not a directory");
  }
}
