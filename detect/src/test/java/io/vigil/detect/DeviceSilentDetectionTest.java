package io.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** IoT_DeviceSilent, driven by an injected clock: the times given to advance. */
class DeviceSilentDetectionTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final AtomicReference<RuleSettings> settings = new AtomicReference<>(RuleSettings.none());
  private final DeviceSilentDetection detection = new DeviceSilentDetection(settings::get, 100);
  private final List<Alert> alerts = new ArrayList<>();

  private static DeviceEvent heartbeat(String device, String group, Instant received) {
    EventHeader h = EventHeader.at(received, ZoneOffset.UTC);
    return new DeviceEvent(device, group, "agent-1", "1.0", received, new Heartbeat(h, List.of(new Heartbeat.Beat(60, Map.of()))));
  }

  private void at(Instant now) {
    detection.advance(now, alerts::add);
  }

  @Test
  void firesOnceWhenTheDefaultIntervalOf72HoursHasPassedAndReArmsWhenTheDeviceSpeaks() {
    detection.evaluate(heartbeat("gw-1", "default", T0), alerts::add);
    at(T0.plus(Duration.ofHours(72)).minusSeconds(1));
    assertThat(alerts).isEmpty();
    at(T0.plus(Duration.ofHours(72)));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_DeviceSilent");
      assertThat(a.severity()).isEqualTo(Severity.LOW);
      assertThat(a.deviceId()).isEqualTo("gw-1");
      assertThat(a.description()).isEqualTo("Device gw-1 has sent no events for 72 h, longer than its expected interval of 72 h."
          + " Its last event arrived at 2026-03-01T10:00:00Z.");
      assertThat(a.firstSeen()).isEqualTo(T0);
      assertThat(a.timeGenerated()).isEqualTo(T0.plus(Duration.ofHours(72)));
      assertThat(a.extendedProperties()).containsEntry("ExpectedInterval", "PT72H");
    });
    at(T0.plus(Duration.ofHours(100)));
    assertThat(alerts).as("once per silence").hasSize(1);
    Instant back = T0.plus(Duration.ofHours(101));
    detection.evaluate(heartbeat("gw-1", "default", back), alerts::add);
    at(back.plus(Duration.ofHours(72)));
    assertThat(alerts).as("re-armed by the device's next event").hasSize(2);
    assertThat(alerts.get(1).systemAlertId()).isNotEqualTo(alerts.get(0).systemAlertId());
  }

  @Test
  void theIntervalComesFromTheSettingsPerSecurityGroupAndAChangeAppliesAtTheNextSweep() {
    settings.set(new RuleSettings(Map.of(), Duration.ofHours(2), Map.of("lab", Duration.ofMinutes(10))));
    detection.evaluate(heartbeat("lab-1", "lab", T0), alerts::add);
    detection.evaluate(heartbeat("gw-1", "default", T0), alerts::add);
    at(T0.plus(Duration.ofMinutes(10)));
    assertThat(alerts).extracting(Alert::deviceId).containsExactly("lab-1");
    at(T0.plus(Duration.ofMinutes(90)));
    assertThat(alerts).hasSize(1);
    settings.set(new RuleSettings(Map.of(), Duration.ofHours(1), Map.of()));
    at(T0.plus(Duration.ofMinutes(91)));
    assertThat(alerts).extracting(Alert::deviceId).containsExactly("lab-1", "gw-1");
  }

  @Test
  void theRuleCanBeSwitchedOffForAGroup() {
    settings.set(new RuleSettings(Map.of("IoT_DeviceSilent", new RuleSettings.Entry(null, Map.of("lab", false), List.of())),
        Duration.ofMinutes(5), Map.of()));
    detection.evaluate(heartbeat("lab-1", "lab", T0), alerts::add);
    detection.evaluate(heartbeat("gw-1", "default", T0), alerts::add);
    at(T0.plus(Duration.ofHours(1)));
    assertThat(alerts).extracting(Alert::deviceId).containsExactly("gw-1");
  }

  @Test
  void hubOperationsAreNotTheDevicesTelemetry() {
    EventHeader h = EventHeader.at(T0, ZoneOffset.UTC);
    detection.evaluate(new DeviceEvent("gw-1", "default", "", "", T0,
        new HubOperation(h, List.of(new HubOperation.Operation("AuthFailure", "ExpiredSas", "MQTT", null, Map.of())))), alerts::add);
    at(T0.plus(Duration.ofDays(10)));
    assertThat(alerts).isEmpty();
    assertThat(detection.tracked()).isZero();
  }

  @Test
  void stateIsBoundedByForgettingTheDeviceHeardFromLongestAgo() {
    DeviceSilentDetection small = new DeviceSilentDetection(settings::get, 2);
    small.evaluate(heartbeat("a", "default", T0), alerts::add);
    small.evaluate(heartbeat("b", "default", T0.plusSeconds(1)), alerts::add);
    small.evaluate(heartbeat("a", "default", T0.plusSeconds(2)), alerts::add);
    small.evaluate(heartbeat("c", "default", T0.plusSeconds(3)), alerts::add);
    assertThat(small.tracked()).isEqualTo(2);
    small.advance(T0.plus(Duration.ofDays(4)), alerts::add);
    assertThat(alerts).extracting(Alert::deviceId).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void aChattyDeviceHasOnePendingTimerAndATimerThatFiresEarlySetsTheNext() {
    for (int i = 0; i < 100; i++) {
      detection.evaluate(heartbeat("gw-1", "default", T0.plusSeconds(60L * i)), alerts::add);
    }
    assertThat(detection.pendingTimers()).as("one timer per device, not one per event").isEqualTo(1);
    at(T0.plus(Duration.ofHours(72)));
    assertThat(alerts).as("the first timer came before the device was due").isEmpty();
    assertThat(detection.pendingTimers()).isEqualTo(1);
    at(T0.plusSeconds(60L * 99).plus(Duration.ofHours(72)));
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.firstSeen()).isEqualTo(T0.plusSeconds(60L * 99)));
    assertThat(detection.pendingTimers()).isZero();
  }
}
