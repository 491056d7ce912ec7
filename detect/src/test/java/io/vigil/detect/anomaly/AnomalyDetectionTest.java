package io.vigil.detect.anomaly;

import static io.vigil.detect.anomaly.Events.connections;
import static io.vigil.detect.anomaly.Events.inbound;
import static io.vigil.detect.anomaly.Events.listening;
import static io.vigil.detect.anomaly.Events.login;
import static io.vigil.detect.anomaly.Events.process;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Login;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The anomaly models on real events, with event time as the clock: learning, then alerts for what is new. */
class AnomalyDetectionTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration LEARNING = Duration.ofMinutes(30);
  private final AnomalySettings settings = AnomalySettings.defaults().withLearningPeriod(LEARNING);
  private final ProfileStore store = ProfileStore.inMemory();
  private final PeerGroups peers = new PeerGroups(10_000);
  private final AtomicReference<RuleSettings> rules = new AtomicReference<>(RuleSettings.none());
  private final AnomalyDetection detection = new AnomalyDetection(settings, store, peers, rules::get);
  private final List<Alert> alerts = new ArrayList<>();

  private void send(DeviceEvent e) {
    detection.evaluate(e, alerts::add);
  }

  private static Instant at(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  /** A device that, every minute of its learning period, runs its usual programs and talks to its usual endpoint. */
  private void learnUsual(String device, String group) {
    send(listening(device, group, at(0), "22", "1883"));
    send(login(device, group, at(0), "operator", Login.Result.SUCCESS));
    for (int m = 0; m <= LEARNING.toMinutes(); m++) {
      send(process(device, group, at(m), "/usr/bin/telemetryd"));
      send(connections(device, group, at(m).plusSeconds(1), 4, "203.0.113.10", "8883"));
    }
  }

  @Test
  void learnsDuringTheLearningPeriodThenANewExecutableAlertsOnce() {
    send(process("gw-1", "default", at(0), "/usr/bin/telemetryd"));
    send(process("gw-1", "default", at(10), "/usr/bin/updater"));
    assertThat(alerts).as("nothing alerts while learning").isEmpty();
    assertThat(store.get("gw-1").learned()).isFalse();

    send(process("gw-1", "default", at(31), "/usr/bin/telemetryd"));
    send(process("gw-1", "default", at(32), "/usr/bin/updater"));
    assertThat(store.get("gw-1").learned()).isTrue();
    assertThat(alerts).as("learned executables are normal").isEmpty();

    send(process("gw-1", "default", at(33), "/tmp/.x/miner"));
    send(process("gw-1", "default", at(34), "/tmp/.x/miner"));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_AnomalousExecutable");
      assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(a.deviceId()).isEqualTo("gw-1");
      assertThat(a.entities()).containsEntry("Device", "gw-1").containsEntry("Process", "/tmp/.x/miner")
          .containsEntry("User", "root").containsEntry("CommandLine", "/tmp/.x/miner --run");
      assertThat(a.description()).startsWith("Device gw-1 ran /tmp/.x/miner (/tmp/.x/miner --run). It was not in the profile");
      assertThat(a.firstSeen()).isEqualTo(at(33));
      assertThat(a.ruleId()).isEqualTo("builtin:anomaly-executable");
    });
  }

  @Test
  void theLearningPeriodRunsOnTheHubsClockNotTheDevicesOwn() {
    Instant epoch = Instant.EPOCH.plusSeconds(5);
    // A device without a real-time clock reports 1970 until NTP syncs, then jumps to the real time.
    send(Events.of("gw-1", "default", at(0), process("gw-1", "default", epoch, "/usr/bin/telemetryd").event()));
    send(Events.of("gw-1", "default", at(1), process("gw-1", "default", at(1), "/usr/sbin/ntpd").event()));
    send(Events.of("gw-1", "default", at(29), process("gw-1", "default", at(29), "/usr/bin/updater").event()));
    assertThat(store.get("gw-1").learned()).isFalse();
    send(Events.of("gw-1", "default", at(30), process("gw-1", "default", epoch, "/tmp/x").event()));
    assertThat(store.get("gw-1").learned()).isTrue();
    assertThat(alerts).extracting(a -> a.entities().get("Process")).containsExactly("/tmp/x");
  }

  @Test
  void newEndpointPortAndUserAlertButInboundPeersAndFailedLoginsDoNot() {
    learnUsual("gw-1", "default");
    send(connections("gw-1", "default", at(40), 1, "203.0.113.10", "8883"));
    send(inbound("gw-1", "default", at(40), "198.51.100.99"));
    send(login("gw-1", "default", at(41), "guess", Login.Result.FAIL));
    send(listening("gw-1", "default", at(41), "22", "1883"));
    assertThat(alerts).isEmpty();

    send(connections("gw-1", "default", at(42), 1, "198.51.100.66", "4444"));
    send(listening("gw-1", "default", at(43), "22", "1883", "31337"));
    send(login("gw-1", "default", at(44), "backdoor", Login.Result.SUCCESS));
    assertThat(alerts).extracting(Alert::alertName)
        .containsExactly("IoT_AnomalousEndpoint", "IoT_AnomalousListeningPort", "IoT_AnomalousLoginUser");
    assertThat(alerts.get(0).entities()).containsEntry("RemoteIp", "198.51.100.66").containsEntry("RemotePort", "4444")
        .containsEntry("Process", "/usr/bin/telemetryd");
    assertThat(alerts.get(0).severity()).isEqualTo(Severity.LOW);
    assertThat(alerts.get(1).entities()).containsEntry("LocalPort", "31337").containsEntry("Protocol", "tcp");
    assertThat(alerts.get(2).entities()).containsEntry("User", "backdoor").containsEntry("RemoteIp", "192.0.2.7");
  }

  @Test
  void anItemThatEnoughOfTheGroupLearnedIsNotAlerted() {
    // Five peers learn; three of them (60 %) also run a vendor agent.
    for (int d = 1; d <= 5; d++) {
      String id = "cam-" + d;
      send(process(id, "cameras", at(0), "/usr/bin/telemetryd"));
      if (d <= 3) {
        send(process(id, "cameras", at(1), "/opt/vendor/agent"));
      }
      send(process(id, "cameras", at(31), "/usr/bin/telemetryd"));
    }
    assertThat(peers.devices("cameras")).isEqualTo(5);
    // cam-5 starts the vendor agent late: 60 % of its group has it, at least the default 50 %.
    send(process("cam-5", "cameras", at(40), "/opt/vendor/agent"));
    assertThat(alerts).isEmpty();
    // Something only it runs still alerts.
    send(process("cam-5", "cameras", at(41), "/tmp/dropper"));
    assertThat(alerts).extracting(a -> a.entities().get("Process")).containsExactly("/tmp/dropper");
    // The same vendor agent in another group is new there.
    learnUsual("gw-1", "gateways");
    send(process("gw-1", "gateways", at(45), "/opt/vendor/agent"));
    assertThat(alerts).extracting(a -> a.entities().get("Process")).containsExactly("/tmp/dropper", "/opt/vendor/agent");
  }

  @Test
  void aGroupSmallerThanMinPeersGivesNoCover() {
    for (int d = 1; d <= 2; d++) {
      send(process("lab-" + d, "lab", at(0), "/usr/bin/a"));
      send(process("lab-" + d, "lab", at(31), "/usr/bin/a"));
    }
    send(process("lab-3", "lab", at(0), "/usr/bin/b"));
    send(process("lab-3", "lab", at(31), "/usr/bin/b"));
    send(process("lab-3", "lab", at(32), "/usr/bin/a"));
    assertThat(alerts).as("3 learned devices < minPeers 5").extracting(Alert::alertName).containsExactly("IoT_AnomalousExecutable");
  }

  @Test
  void aRateAlarmsAfterKWindowsAboveTheBandOncePerExcursionAndClearsAfterKInside() {
    learnUsual("gw-1", "default");
    int minute = 31;
    // Two windows above the band: k = 3 not reached.
    for (int i = 0; i < 2; i++, minute++) {
      send(connections("gw-1", "default", at(minute), 80, "203.0.113.10", "8883"));
    }
    send(connections("gw-1", "default", at(minute++), 4, "203.0.113.10", "8883"));
    send(connections("gw-1", "default", at(minute++), 4, "203.0.113.10", "8883"));
    assertThat(alerts).isEmpty();
    // A burst of five minutes: the alarm at the third, once.
    int burst = minute;
    for (int i = 0; i < 5; i++, minute++) {
      send(connections("gw-1", "default", at(minute), 80, "203.0.113.10", "8883"));
    }
    send(connections("gw-1", "default", at(minute++), 4, "203.0.113.10", "8883"));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_AnomalousConnectionRate");
      assertThat(a.severity()).isEqualTo(Severity.LOW);
      assertThat(a.firstSeen()).isEqualTo(at(burst));
      assertThat(a.extendedProperties()).containsEntry("Count", "80").containsEntry("Median", "4").containsEntry("UpperBound", "9");
    });
    // Two normal minutes do not clear it (k = 3): a new burst is the same excursion.
    send(connections("gw-1", "default", at(minute++), 4, "203.0.113.10", "8883"));
    for (int i = 0; i < 4; i++, minute++) {
      send(connections("gw-1", "default", at(minute), 80, "203.0.113.10", "8883"));
    }
    assertThat(alerts).hasSize(1);
    // Three normal minutes clear it; the next burst is a new excursion.
    for (int i = 0; i < 3; i++, minute++) {
      send(connections("gw-1", "default", at(minute), 4, "203.0.113.10", "8883"));
    }
    for (int i = 0; i < 4; i++, minute++) {
      send(connections("gw-1", "default", at(minute), 80, "203.0.113.10", "8883"));
    }
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).systemAlertId()).isNotEqualTo(alerts.get(0).systemAlertId());
  }

  @Test
  void quietMinutesStayOutOfTheHistorySoADeviceBackFromAnHourOffIsNotAnomalous() {
    learnUsual("gw-1", "default");
    send(connections("gw-1", "default", at(31), 20, "203.0.113.10", "8883"));
    // Off for two hours, then back at its usual rate for five minutes: still within the band (median 4).
    for (int m = 151; m < 156; m++) {
      send(connections("gw-1", "default", at(m), 6, "203.0.113.10", "8883"));
    }
    assertThat(alerts).isEmpty();
    assertThat(store.get("gw-1").connections.chronological()).as("no zeros").doesNotContain(0);
    // A quiet minute breaks a run above the band: k consecutive minutes are needed.
    send(connections("gw-1", "default", at(156), 80, "203.0.113.10", "8883"));
    send(connections("gw-1", "default", at(157), 80, "203.0.113.10", "8883"));
    send(connections("gw-1", "default", at(159), 80, "203.0.113.10", "8883"));
    send(connections("gw-1", "default", at(160), 4, "203.0.113.10", "8883"));
    assertThat(alerts).isEmpty();
  }

  @Test
  void messagesAreCountedByTheHubsReceiveTimeOncePerMessage() {
    for (int m = 0; m <= 40; m++) {
      send(process("gw-1", "default", at(m), "/usr/bin/telemetryd"));
    }
    // Ten messages a minute for four minutes, each with two events.
    for (int m = 41; m < 45; m++) {
      for (int i = 0; i < 10; i++) {
        Instant received = at(m).plusSeconds(i);
        send(Events.of("gw-1", "default", received, process("gw-1", "default", received, "/usr/bin/telemetryd").event()));
        send(Events.of("gw-1", "default", received, process("gw-1", "default", received, "/usr/bin/telemetryd").event()));
      }
    }
    send(process("gw-1", "default", at(46), "/usr/bin/telemetryd"));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_AnomalousMessageRate");
      assertThat(a.extendedProperties()).containsEntry("Count", "10");
    });
  }

  @Test
  void setsAreBoundedEndpointsAggregateIntoPrefixesAndOverflowIsCounted() {
    AnomalySettings small = new AnomalySettings(LEARNING, 50, 5, 60, 10, 3, 6.0, 5, 3, 4, 64, 64, 256);
    AnomalyDetection d = new AnomalyDetection(small, store, peers, rules::get);
    for (int i = 0; i < 6; i++) {
      d.evaluate(process("gw-1", "default", at(1), "/usr/bin/p" + i), alerts::add);
    }
    for (int i = 1; i <= 2; i++) {
      d.evaluate(connections("gw-1", "default", at(1), 1, "192.0.2." + i, "443"), alerts::add);
    }
    // Past half of maxEndpoints (2), new endpoints are kept as their /24 and port.
    d.evaluate(connections("gw-1", "default", at(2), 1, "198.51.100.1", "443"), alerts::add);
    d.evaluate(connections("gw-1", "default", at(2), 1, "2001:db8:1:2::7", "443"), alerts::add);
    d.evaluate(connections("gw-1", "default", at(2), 1, "198.18.0.1", "443"), alerts::add);
    DeviceProfile p = store.get("gw-1");
    assertThat(p.learned[Kind.EXECUTABLE.ordinal()].size()).isEqualTo(3);
    assertThat(p.learned[Kind.ENDPOINT.ordinal()].size()).isEqualTo(4);
    assertThat(p.overflow()).isEqualTo(3 + 1);
    d.evaluate(process("gw-1", "default", at(31), "/usr/bin/p0"), alerts::add);
    d.evaluate(connections("gw-1", "default", at(32), 1, "198.51.100.200", "443"), alerts::add);
    d.evaluate(connections("gw-1", "default", at(32), 1, "2001:db8:1:2:ffff::1", "443"), alerts::add);
    assertThat(alerts).as("same /24 and /64 with the same port are known").isEmpty();
    d.evaluate(connections("gw-1", "default", at(33), 1, "198.51.100.200", "8443"), alerts::add);
    assertThat(alerts).extracting(Alert::alertName).containsExactly("IoT_AnomalousEndpoint");
  }

  @Test
  void eachAlertCanBeSwitchedOffInTheRuleSettings() {
    learnUsual("gw-1", "default");
    rules.set(RuleSettings.none().with("IoT_AnomalousExecutable", new RuleSettings.Entry(false, Map.of(), List.of())));
    send(process("gw-1", "default", at(40), "/tmp/x"));
    assertThat(alerts).isEmpty();
    rules.set(RuleSettings.none());
    send(process("gw-1", "default", at(41), "/tmp/x"));
    assertThat(alerts).as("a switched-off alert still adds the item to the profile").isEmpty();
    send(process("gw-1", "default", at(42), "/tmp/y"));
    assertThat(alerts).hasSize(1);
  }
}
