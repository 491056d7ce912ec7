package io.vigil.detect.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.lifecycle.Decision.Outcome;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1), 100);

  /** An occurrence as the miner detection raises it: one per event, id per event. */
  static Alert miner(String device, String eventId, Instant at, String process, String user) {
    Map<String, String> entities = AlertEntities.of(device).put(AlertEntities.PROCESS, process)
        .put(AlertEntities.COMMAND_LINE, process + " -o pool-" + eventId).put(AlertEntities.PROCESS_ID, eventId.length() + "")
        .put(AlertEntities.USER, user).build();
    return new Alert("id-" + eventId, "IoT_CryptoMiner", "Crypto coin miner detected", Severity.HIGH, "miner " + eventId, "",
        device, entities, Map.of("EventId", eventId), AlertStatus.NEW, 1, at, at, at.plusSeconds(1), "builtin:crypto-miner",
        List.of("Impact"), List.of("T1496"));
  }

  private static Alert withEntities(Alert a, Map<String, String> entities) {
    return new Alert(a.systemAlertId(), a.alertName(), a.displayName(), a.severity(), a.description(), a.remediationSteps(),
        a.deviceId(), entities, a.extendedProperties(), a.status(), a.count(), a.firstSeen(), a.lastSeen(), a.timeGenerated(),
        a.ruleId(), a.tactics(), a.techniques());
  }

  @Test
  void theSameRuleDeviceAndEntitiesInTheWindowCountInsteadOfOpening() {
    Decision first = lifecycle.offer(miner("gw-1", "e1", T0, "/tmp/xmrig", "pi"));
    assertThat(first.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(first.alert().status()).isEqualTo(AlertStatus.NEW);
    assertThat(first.alert().extendedProperties()).containsEntry("EvidenceEventIds", "e1");
    Decision second = lifecycle.offer(miner("gw-1", "e2", T0.plusSeconds(600), "/tmp/xmrig", "pi"));
    Decision third = lifecycle.offer(miner("gw-1", "e3", T0.plusSeconds(3599), "/tmp/xmrig", "pi"));
    assertThat(second.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(third.outcome()).isEqualTo(Outcome.UPDATED);
    Alert a = third.alert();
    assertThat(a.systemAlertId()).as("the first occurrence's id").isEqualTo("id-e1");
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.firstSeen()).isEqualTo(T0);
    assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(3599));
    assertThat(a.description()).isEqualTo("miner e1");
    assertThat(a.extendedProperties()).containsEntry("EvidenceEventIds", "e1,e2,e3").containsEntry("EventId", "e1");
  }

  @Test
  void theWindowIsMeasuredInEventTimeFromFirstSeen() {
    lifecycle.offer(miner("gw-1", "e1", T0, "/tmp/xmrig", "pi"));
    assertThat(lifecycle.offer(miner("gw-1", "e2", T0.plusSeconds(3000), "/tmp/xmrig", "pi")).outcome()).isEqualTo(Outcome.UPDATED);
    Decision later = lifecycle.offer(miner("gw-1", "e3", T0.plusSeconds(3600), "/tmp/xmrig", "pi"));
    assertThat(later.outcome()).as("an hour after FirstSeen: a new alert").isEqualTo(Outcome.OPENED);
    assertThat(later.alert().systemAlertId()).isEqualTo("id-e3");
    assertThat(later.alert().count()).isEqualTo(1);
    Decision late = lifecycle.offer(miner("gw-1", "e0", T0.plusSeconds(3000), "/tmp/xmrig", "pi"));
    assertThat(late.outcome()).as("a late event within the window of the newest alert").isEqualTo(Outcome.UPDATED);
    assertThat(late.alert().firstSeen()).isEqualTo(T0.plusSeconds(3000));
    assertThat(late.alert().lastSeen()).isEqualTo(T0.plusSeconds(3600));
  }

  @Test
  void otherDevicesRulesOrGroupingEntitiesOpenTheirOwnAlerts() {
    lifecycle.offer(miner("gw-1", "e1", T0, "/tmp/xmrig", "pi"));
    assertThat(lifecycle.offer(miner("gw-2", "e2", T0, "/tmp/xmrig", "pi")).outcome()).isEqualTo(Outcome.OPENED);
    assertThat(lifecycle.offer(miner("gw-1", "e3", T0, "/tmp/xmrig", "root")).outcome()).isEqualTo(Outcome.OPENED);
    assertThat(lifecycle.offer(miner("gw-1", "e4", T0, "/usr/bin/minerd", "pi")).outcome()).isEqualTo(Outcome.OPENED);
    Alert otherRule = miner("gw-1", "e5", T0, "/tmp/xmrig", "pi");
    otherRule = new Alert(otherRule.systemAlertId(), otherRule.alertName(), "x", Severity.LOW, "", "", "gw-1", otherRule.entities(),
        Map.of(), AlertStatus.NEW, 1, T0, T0, T0, "sigma-rule-1", List.of(), List.of());
    assertThat(lifecycle.offer(otherRule).outcome()).isEqualTo(Outcome.OPENED);
    assertThat(lifecycle.offer(miner("gw-1", "e6", T0, "/tmp/xmrig", "pi")).outcome())
        .as("a new pid and command line, same image and user").isEqualTo(Outcome.UPDATED);
    assertThat(lifecycle.tracked("gw-1")).isEqualTo(4);
  }

  @Test
  void groupingEntitiesFollowTheAlertKind() {
    Alert base = miner("gw-1", "e1", T0, "/tmp/x", "pi");
    Map<String, String> conn = new LinkedHashMap<>(base.entities());
    conn.put(AlertEntities.REMOTE_IP, "203.0.113.5");
    assertThat(Grouping.of(withEntities(base, conn))).containsExactly(Map.entry("RemoteIp", "203.0.113.5"));
    conn.put(AlertEntities.DOMAIN_NAME, "evil.example");
    assertThat(Grouping.of(withEntities(base, conn))).containsExactly(Map.entry("DomainName", "evil.example"));
    assertThat(Grouping.of(withEntities(base, Map.of("Device", "gw-1", "File", "/etc/passwd", "FileHash", "ab"))))
        .containsExactly(Map.entry("File", "/etc/passwd"));
    assertThat(Grouping.of(base)).containsExactly(Map.entry("Process", "/tmp/x"), Map.entry("User", "pi"));
    assertThat(Grouping.of(withEntities(base, Map.of("Device", "gw-1", "Process", "/tmp/x"))))
        .as("no user: grouped by the image alone").containsExactly(Map.entry("Process", "/tmp/x"), Map.entry("User", ""));
    assertThat(Grouping.of(withEntities(base, Map.of("Device", "gw-1", "UserName", "admin", "User", "admin"))))
        .as("a correlation: its group-by values").containsExactly(Map.entry("User", "admin"), Map.entry("UserName", "admin"));
  }

  @Test
  void aResolvedAlertGivesWayToANewOneAndADismissedOneAbsorbsSilently() {
    Alert first = lifecycle.offer(miner("gw-1", "e1", T0, "/tmp/xmrig", "pi")).alert();
    lifecycle.statusChanged(first, AlertStatus.RESOLVED);
    Decision reopened = lifecycle.offer(miner("gw-1", "e2", T0.plusSeconds(60), "/tmp/xmrig", "pi"));
    assertThat(reopened.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(reopened.alert().systemAlertId()).isEqualTo("id-e2");
    assertThat(reopened.alert().status()).isEqualTo(AlertStatus.NEW);

    lifecycle.statusChanged(reopened.alert(), AlertStatus.DISMISSED);
    Decision absorbed = lifecycle.offer(miner("gw-1", "e3", T0.plusSeconds(120), "/tmp/xmrig", "pi"));
    assertThat(absorbed.outcome()).isEqualTo(Outcome.ABSORBED);
    assertThat(absorbed.alert().systemAlertId()).isEqualTo("id-e2");
    assertThat(absorbed.alert().status()).isEqualTo(AlertStatus.DISMISSED);
    assertThat(absorbed.alert().count()).isEqualTo(2);
    assertThat(lifecycle.offer(miner("gw-1", "e4", T0.plusSeconds(3660), "/tmp/xmrig", "pi")).outcome())
        .as("once the dismissed alert's window is over").isEqualTo(Outcome.OPENED);
  }

  @Test
  void anActiveAlertKeepsCountingAndAStaleStatusChangeIsIgnored() {
    Alert first = lifecycle.offer(miner("gw-1", "e1", T0, "/tmp/xmrig", "pi")).alert();
    lifecycle.statusChanged(first, AlertStatus.ACTIVE);
    Decision next = lifecycle.offer(miner("gw-1", "e2", T0.plusSeconds(5), "/tmp/xmrig", "pi"));
    assertThat(next.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(next.alert().status()).isEqualTo(AlertStatus.ACTIVE);
    lifecycle.statusChanged(miner("gw-1", "other", T0, "/tmp/xmrig", "pi"), AlertStatus.RESOLVED);
    assertThat(lifecycle.offer(miner("gw-1", "e3", T0.plusSeconds(9), "/tmp/xmrig", "pi")).alert().count())
        .as("resolving another alert of the same key does not touch the open one").isEqualTo(3);
  }

  @Test
  void evidenceKeepsTheFirstTenDistinctEventIdsWhileCountKeepsTheTotal() {
    Alert last = null;
    for (int i = 0; i < 25; i++) {
      last = lifecycle.offer(miner("gw-1", "e" + (i % 12), T0.plusSeconds(i), "/tmp/xmrig", "pi")).alert();
    }
    assertThat(last.count()).isEqualTo(25);
    assertThat(last.extendedProperties().get("EvidenceEventIds")).isEqualTo("e0,e1,e2,e3,e4,e5,e6,e7,e8,e9");
  }

  @Test
  void stateIsBoundedPerDeviceForgettingTheLeastRecentlyTouchedKey() {
    AlertLifecycle small = new AlertLifecycle(Duration.ofHours(1), 2);
    small.offer(miner("gw-1", "a1", T0, "/a", "pi"));
    small.offer(miner("gw-1", "b1", T0, "/b", "pi"));
    small.offer(miner("gw-1", "a2", T0.plusSeconds(1), "/a", "pi")); // touches /a
    small.offer(miner("gw-1", "c1", T0.plusSeconds(2), "/c", "pi")); // forgets /b
    assertThat(small.tracked("gw-1")).isEqualTo(2);
    assertThat(small.offer(miner("gw-1", "a3", T0.plusSeconds(3), "/a", "pi")).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(small.offer(miner("gw-1", "b2", T0.plusSeconds(3), "/b", "pi")).outcome()).isEqualTo(Outcome.OPENED);
    small.offer(miner("gw-2", "x", T0, "/b", "pi"));
    assertThat(small.tracked("gw-2")).as("per device").isEqualTo(1);
  }

  @Test
  void restoredAlertsAbsorbOccurrencesAfterARestart() {
    Alert stored = lifecycle.offer(miner("gw-1", "e1", T0, "/tmp/xmrig", "pi")).alert();
    Alert active = new AlertLifecycle(Duration.ofHours(1)).offer(miner("gw-1", "d1", T0, "/usr/bin/dropbear", "root")).alert();
    AlertLifecycle restarted = new AlertLifecycle(Duration.ofHours(1), 100);
    restarted.restore(stored);
    restarted.restore(active);
    Alert resolvedElsewhere = miner("gw-1", "r1", T0, "/tmp/other", "pi");
    restarted.restore(new Alert(resolvedElsewhere.systemAlertId(), resolvedElsewhere.alertName(), resolvedElsewhere.displayName(),
        Severity.HIGH, "", "", "gw-1", resolvedElsewhere.entities(), Map.of(), AlertStatus.RESOLVED, 4, T0, T0, T0,
        resolvedElsewhere.ruleId(), List.of(), List.of()));
    assertThat(restarted.tracked("gw-1")).as("resolved alerts absorb nothing").isEqualTo(2);
    Decision d = restarted.offer(miner("gw-1", "e2", T0.plusSeconds(30), "/tmp/xmrig", "pi"));
    assertThat(d.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(d.alert().systemAlertId()).isEqualTo("id-e1");
    assertThat(d.alert().count()).isEqualTo(2);
    assertThat(d.alert().extendedProperties()).containsEntry("EvidenceEventIds", "e1,e2");
  }

  @Test
  void aForgottenAlertIsNotJoinedAgain() {
    Alert a = lifecycle.offer(miner("gw-1", "e1", T0, "/tmp/xmrig", "pi")).alert();
    lifecycle.forget(a);
    assertThat(lifecycle.offer(miner("gw-1", "e2", T0, "/tmp/xmrig", "pi")).outcome()).isEqualTo(Outcome.OPENED);
  }

  @Test
  void badSettingsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> new AlertLifecycle(Duration.ZERO)).hasMessage("alert suppression window must be positive, was PT0S");
    assertThatThrownBy(() -> new AlertLifecycle(Duration.ofMinutes(-5))).hasMessage("alert suppression window must be positive, was PT-5M");
    assertThatThrownBy(() -> new AlertLifecycle(Duration.ofHours(1), 0)).hasMessage("maxKeysPerDevice must be at least 1, was 0");
  }

  @Test
  void devicesOnDifferentThreadsCountIndependently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Alert>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String device = "gw-" + t;
        results.add(pool.submit(() -> {
          Alert last = null;
          for (int i = 0; i < 500; i++) {
            last = lifecycle.offer(miner(device, "e" + i, T0.plusMillis(i), "/tmp/xmrig", "pi")).alert();
          }
          return last;
        }));
      }
      for (Future<Alert> f : results) {
        assertThat(f.get().count()).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
