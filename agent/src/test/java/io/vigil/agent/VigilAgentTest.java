package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
