package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server runs the anomaly models over MQTT-delivered events and keeps the learned profiles across a restart. */
class AnomalyServerTest {
  @TempDir Path dir;

  private static SecurityEvent process(Instant at, String executable) {
    return new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new ProcessCreate.Process(executable, 10, 1, "0", "root", executable + " --serve", Map.of())));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aNewExecutableAfterLearningAlertsAndTheProfileSurvivesARestart() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    // The learning period runs on the hub's clock (receive time): one second here.
    Files.writeString(data.resolve("anomaly.properties"), "learningPeriod=PT1S\n");
    Instant t0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    int mqtt = freePort();
    RegisteredDevice gw;
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(data, "localhost", 0, mqtt), Clock.systemUTC(), alerts::add)) {
      gw = server.registry().create("gw-anomaly", null);
      TestDevice.publish(mqtt, gw, List.of(process(t0, "/usr/bin/telemetryd"), process(t0.plusSeconds(10), "/usr/sbin/dropbear")));
      Thread.sleep(1_200);
      TestDevice.publish(mqtt, gw, List.of(process(t0.plus(Duration.ofMinutes(3)), "/usr/bin/telemetryd")));
    }
    assertThat(alerts).noneMatch(a -> a.alertName().startsWith("IoT_Anomalous"));
    assertThat(data.resolve("anomaly")).isDirectoryContaining("glob:**/profiles-*.bin");

    mqtt = freePort();
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(data, "localhost", 0, mqtt), Clock.systemUTC(), alerts::add)) {
      TestDevice.publish(mqtt, gw, List.of(process(t0.plus(Duration.ofMinutes(4)), "/usr/sbin/dropbear"),
          process(t0.plus(Duration.ofMinutes(5)), "/tmp/.cache/kworkerd")));
      long deadline = System.currentTimeMillis() + 10_000;
      while (alerts.stream().noneMatch(a -> a.alertName().equals("IoT_AnomalousExecutable")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    }
    assertThat(alerts).filteredOn(a -> a.alertName().startsWith("IoT_Anomalous")).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_AnomalousExecutable");
      assertThat(a.deviceId()).isEqualTo("gw-anomaly");
      assertThat(a.entities()).containsEntry("Process", "/tmp/.cache/kworkerd");
    });
  }
}
