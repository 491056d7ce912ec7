package io.vigil.detect.anomaly;

import static io.vigil.detect.anomaly.Events.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Bytes out, as the agent's heartbeats report them (one window per 5-minute interval): the band
 * learned from the learning period, an exfiltration-like burst, and the hysteresis.
 */
class BytesOutTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration LEARNING = Duration.ofHours(2);
  private static final long KIB = 1024;
  private final AnomalySettings settings = AnomalySettings.defaults().withLearningPeriod(LEARNING);
  private final ProfileStore store = ProfileStore.inMemory();
  private final AtomicReference<RuleSettings> rules = new AtomicReference<>(RuleSettings.none());
  private final AnomalyDetection detection = new AnomalyDetection(settings, store, new PeerGroups(10_000), rules::get);
  private final List<Alert> alerts = new ArrayList<>();
  private int beat;

  private void send(DeviceEvent e) {
    detection.evaluate(e, alerts::add);
  }

  /** The next heartbeat, 5 minutes after the previous one, reporting {@code kibPerMinute} over its interval. */
  private Instant next(long kibPerMinute) {
    Instant end = T0.plus(Duration.ofMinutes(5L * ++beat));
    send(heartbeat("gw-1", "default", end, 5, kibPerMinute * 5 * KIB));
    return end;
  }

  /** Two hours of a telemetry gateway sending 18 to 22 KiB a minute. */
  private void learnUsual() {
    for (int i = 0; i <= LEARNING.toMinutes() / 5; i++) {
      next(18 + i % 5);
    }
    assertThat(alerts).as("nothing alerts while learning").isEmpty();
  }

  @Test
  void theBandIsLearnedFromTheLearningPeriodsIntervals() {
    learnUsual();
    next(21);
    DeviceProfile p = store.get("gw-1");
    assertThat(p.learned()).isTrue();
    assertThat(p.bytesOut.chronological()).hasSize(26).contains(18, 19, 20, 21, 22);
    double[] band = p.bytesOut.band(settings, settings.minExcessKiB());
    assertThat(band[0]).as("median, KiB per minute").isEqualTo(20);
    assertThat(band[1]).as("at least minExcessKiB above it").isEqualTo(20 + 256);
    // Busier than usual but inside the band: no alarm however long it lasts.
    for (int i = 0; i < 10; i++) {
      next(200);
    }
    assertThat(alerts).isEmpty();
  }

  @Test
  void anExfiltrationLikeBurstAlarmsAfterKIntervalsOncePerExcursionAndClearsAfterKInside() {
    learnUsual();
    // Two intervals above the band: k = 3 not reached.
    next(5 * KIB);
    next(5 * KIB);
    next(20);
    assertThat(alerts).isEmpty();

    // 5 MiB a minute for 25 minutes: the alarm at the third interval, once.
    Instant burstStart = next(20);
    Instant third = null;
    for (int i = 0; i < 5; i++) {
      Instant end = next(5 * KIB);
      third = i == 2 ? end : third;
      assertThat(alerts).hasSize(i < 2 ? 0 : 1);
    }
    Alert alarm = alerts.getFirst();
    assertThat(alarm.alertName()).isEqualTo("IoT_AnomalousBytesOut");
    assertThat(alarm.ruleId()).isEqualTo("builtin:anomaly-bytes-out");
    assertThat(alarm.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(alarm.firstSeen()).as("the start of the first interval above the band").isEqualTo(burstStart);
    assertThat(alarm.lastSeen()).isEqualTo(third);
    assertThat(alarm.extendedProperties()).containsEntry("Count", "5120").containsEntry("Median", "20")
        .containsEntry("UpperBound", "276").containsEntry("BytesSent", Long.toString(5 * 5 * KIB * KIB))
        .containsEntry("Unit", "KiB per minute");
    assertThat(alarm.description()).contains("for 3 consecutive heartbeat intervals since " + burstStart);
    assertThat(store.get("gw-1").bytesOut.chronological()).as("the burst does not teach itself").doesNotContain(5120);

    // Two normal intervals do not clear it (k = 3): more of the burst is the same excursion.
    next(20);
    next(20);
    for (int i = 0; i < 4; i++) {
      next(5 * KIB);
    }
    assertThat(alerts).hasSize(1);
    // Three normal intervals clear it; the next burst is a new excursion.
    next(20);
    next(19);
    next(21);
    for (int i = 0; i < 3; i++) {
      next(5 * KIB);
    }
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).systemAlertId()).isNotEqualTo(alarm.systemAlertId());
  }

  @Test
  void aRepeatedOrVeryShortIntervalIsLeftOut() {
    learnUsual();
    Instant end = next(20);
    int held = store.get("gw-1").bytesOut.size;
    send(heartbeat("gw-1", "default", end, 5, 20 * 5 * KIB));
    assertThat(store.get("gw-1").bytesOut.late).as("the same interval again (a redelivered message)").isEqualTo(20);
    send(Events.of("gw-1", "default", end.plusSeconds(10), new io.vigil.model.event.Heartbeat(
        io.vigil.model.event.EventHeader.at(end.plusSeconds(10), java.time.ZoneOffset.UTC),
        List.of(new io.vigil.model.event.Heartbeat.Beat(1, Map.of(),
            new io.vigil.model.event.Heartbeat.Transmitted(50 * KIB * KIB, end, end.plusSeconds(10)))))));
    assertThat(store.get("gw-1").bytesOut.size).as("10 s is too short to say anything of a rate").isEqualTo(held);
    assertThat(alerts).isEmpty();
  }

  @Test
  void theAlertCanBeSwitchedOffInTheRuleSettings() {
    learnUsual();
    rules.set(RuleSettings.none().with("IoT_AnomalousBytesOut", new RuleSettings.Entry(false, Map.of(), List.of())));
    for (int i = 0; i < 5; i++) {
      next(5 * KIB);
    }
    assertThat(alerts).isEmpty();
  }
}
