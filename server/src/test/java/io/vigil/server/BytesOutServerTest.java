package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityEvent;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes out end to end: heartbeats as the agent sends them (BytesSent over an interval in the beat's
 * ExtraDetails) go over MQTT through the hub's validation and the pipeline to the anomaly model,
 * which learns the band and raises IoT_AnomalousBytesOut for a burst.
 */
class BytesOutServerTest {
  @TempDir Path dir;

  /** A heartbeat at {@code end} reporting {@code kibPerMinute} over the 5 minutes before it. */
  private static SecurityEvent beat(Instant end, long kibPerMinute) {
    return new Heartbeat(EventHeader.at(end, ZoneOffset.UTC), List.of(new Heartbeat.Beat(600, Map.of(),
        new Heartbeat.Transmitted(kibPerMinute * 5 * 1024, end.minus(Duration.ofMinutes(5)), end))));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aBurstOfBytesOutAfterLearningRaisesIoTAnomalousBytesOut() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    // Learning runs on the hub's clock: one second here, with a band judged from 4 intervals and k = 2.
    Files.writeString(data.resolve("anomaly.properties"), "learningPeriod=PT1S\nminHistory=4\nhysteresis=2\n");
    Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    int mqtt = freePort();
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(data, "localhost", 0, mqtt), Clock.systemUTC(), alerts::add)) {
      RegisteredDevice gw = server.registry().create("gw-bytes", null);
      List<SecurityEvent> usual = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        usual.add(beat(t0.plus(Duration.ofMinutes(5L * i)), 20 + i % 3));
      }
      TestDevice.publish(mqtt, gw, usual);
      Thread.sleep(1_200);
      // 4 MiB a minute for two intervals: the alarm at the second.
      TestDevice.publish(mqtt, gw, List.of(beat(t0.plus(Duration.ofMinutes(35)), 4096)));
      TestDevice.publish(mqtt, gw, List.of(beat(t0.plus(Duration.ofMinutes(40)), 4096)));
      long deadline = System.currentTimeMillis() + 10_000;
      while (alerts.stream().noneMatch(a -> a.alertName().equals("IoT_AnomalousBytesOut")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    }
    assertThat(alerts).filteredOn(a -> a.alertName().startsWith("IoT_Anomalous")).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_AnomalousBytesOut");
      assertThat(a.deviceId()).isEqualTo("gw-bytes");
      assertThat(a.firstSeen()).isEqualTo(t0.plus(Duration.ofMinutes(30)));
      assertThat(a.extendedProperties()).containsEntry("Count", "4096").containsEntry("Median", "21")
          .containsEntry("BytesSent", Long.toString(4096L * 5 * 1024));
    });
  }
}
