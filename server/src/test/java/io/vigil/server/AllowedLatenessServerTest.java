package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Login;
import io.vigil.model.event.SecurityEvent;
import java.net.ServerSocket;
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
 * {@code vigil server --allowed-lateness}: a late event within the configured lateness still counts in
 * the brute-force correlation (at least 10 failed logins from one address in 5 minutes); one later than
 * that is left out. Event time comes from the messages.
 */
class AllowedLatenessServerTest {
  private static final Duration LATENESS = Duration.ofMinutes(2);
  @TempDir Path dir;

  /** {@code n} failed logins from 198.51.100.23, a second apart from {@code start}, as one message's events. */
  private static List<SecurityEvent> failedLogins(Instant start, int n) {
    List<SecurityEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant at = start.plusSeconds(i);
      events.add(new Login(EventHeader.at(at, ZoneOffset.UTC), List.of(new Login.Attempt(900 + i, null, "admin", "PAM:authentication",
          "/usr/sbin/sshd", "198.51.100.23", Integer.toString(50000 + i), "22", Login.Result.FAIL, Map.of()))));
    }
    return events;
  }

  @Test
  void aLateEventWithinTheConfiguredLatenessCountsAndOneBeyondItDoesNot() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    ServerConfig config = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt).withAllowedLateness(LATENESS);
    assertThat(config.allowedLateness()).isEqualTo(LATENESS);
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), alerts::add)) {
      // 90 s late (beyond the default minute, within the configured two): the nine late failures count, ten in all.
      RegisteredDevice within = server.registry().create("gw-late-within", null);
      TestDevice.publish(mqtt, within, failedLogins(t, 1));
      TestDevice.publish(mqtt, within, failedLogins(t.minusSeconds(90), 9));
      // 3 minutes late: the nine are left out, so only the ten on-time failures (t and t+1..t+9) raise the alert. Had
      // they counted, the alert would have fired at the first late message, first seen 3 minutes before t, and the
      // nine after it would have started a new window (no second alert).
      RegisteredDevice beyond = server.registry().create("gw-late-beyond", null);
      TestDevice.publish(mqtt, beyond, failedLogins(t, 1));
      TestDevice.publish(mqtt, beyond, failedLogins(t.minusSeconds(180), 9));
      TestDevice.publish(mqtt, beyond, failedLogins(t.plusSeconds(1), 9));
      long deadline = System.currentTimeMillis() + 10_000;
      while (bruteForce(alerts, "gw-late-within").isEmpty() || bruteForce(alerts, "gw-late-beyond").isEmpty()) {
        if (System.currentTimeMillis() > deadline) {
          break;
        }
        Thread.sleep(50);
      }
    }
    assertThat(bruteForce(alerts, "gw-late-within")).singleElement().satisfies(a -> {
      assertThat(a.firstSeen()).isEqualTo(t.minusSeconds(90));
      assertThat(a.lastSeen()).isEqualTo(t);
      assertThat(a.extendedProperties()).containsEntry("Events", "10");
    });
    assertThat(bruteForce(alerts, "gw-late-beyond")).singleElement().satisfies(a -> {
      assertThat(a.firstSeen()).as("the failures 3 minutes late are left out").isEqualTo(t);
      assertThat(a.lastSeen()).isEqualTo(t.plusSeconds(9));
      assertThat(a.extendedProperties()).containsEntry("Events", "10");
    });
  }

  @Test
  void aNegativeOrTooLongLatenessIsRefusedWithTheReason() {
    ServerConfig base = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, 1883);
    assertThat(base.allowedLateness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(base.withAllowedLateness(Duration.ZERO).allowedLateness()).isZero();
    assertThatThrownBy(() -> base.withAllowedLateness(Duration.ofSeconds(-30)))
        .hasMessage("allowed lateness must not be negative, was PT-30S");
    assertThatThrownBy(() -> base.withAllowedLateness(Duration.ofHours(25)))
        .hasMessage("allowed lateness PT25H is above the maximum of PT24H (windows are held open that long past their end)");
  }

  private static List<Alert> bruteForce(List<Alert> alerts, String device) {
    return alerts.stream().filter(a -> a.alertName().equals("IoT_BruteForceFailed") && a.deviceId().equals(device)).toList();
  }
}
