package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts and their status history in a real DuckDB file. */
class DuckDbWorkspaceAlertsTest {
  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-11-22T10:00:00.123456Z");

  private static Alert alert(String id, String device, AlertStatus status, long count, Instant first, Instant last) {
    Map<String, String> entities = new LinkedHashMap<>();
    entities.put("Device", device);
    entities.put("Process", "/tmp/xmrig");
    entities.put("User", "pi");
    return new Alert(id, "IoT_CryptoMiner", "Crypto miner", Severity.HIGH, "d \"quoted\"", "r", device, entities,
        Map.of("EventId", "e1", "EvidenceEventIds", "e1"), status, count, first, last, T, "builtin:crypto-miner",
        List.of("Impact"), List.of("T1496"));
  }

  @Test
  void alertsRoundTripAndOccurrencesAreUpdatedWithoutTouchingStatus() {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      Alert a = alert("a-1", "gw-1", AlertStatus.NEW, 1, T, T);
      ws.writeAlerts(List.of(a), List.of());
      assertThat(ws.alert("a-1")).contains(a);
      assertThat(ws.alert("nope")).isEmpty();

      assertThat(ws.changeAlertStatus(new AlertStatusChange("a-1", "gw-1", T.plusSeconds(5), AlertStatus.NEW, AlertStatus.ACTIVE, "admin", "")))
          .isTrue();
      Alert later = new Alert("a-1", a.alertName(), a.displayName(), a.severity(), a.description(), a.remediationSteps(), "gw-1",
          a.entities(), Map.of("EventId", "e1", "EvidenceEventIds", "e1,e2"), AlertStatus.NEW, 2, T, T.plusSeconds(60), T,
          a.ruleId(), a.tactics(), a.techniques());
      Alert other = alert("b-1", "gw-2", AlertStatus.NEW, 1, T, T);
      ws.writeAlerts(List.of(other), List.of(later));
      Alert stored = ws.alert("a-1").orElseThrow();
      assertThat(stored.count()).isEqualTo(2);
      assertThat(stored.lastSeen()).isEqualTo(T.plusSeconds(60));
      assertThat(stored.extendedProperties()).containsEntry("EvidenceEventIds", "e1,e2");
      assertThat(stored.status()).as("the user's change stays").isEqualTo(AlertStatus.ACTIVE);
      assertThat(ws.alert("b-1")).contains(other);
    }
  }

  @Test
  void manyUpdatesGoInOneBatch() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      List<Alert> opened = new ArrayList<>();
      List<Alert> updated = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        opened.add(alert("a-" + i, "gw-" + (i % 10), AlertStatus.NEW, 1, T, T));
        updated.add(alert("a-" + i, "gw-" + (i % 10), AlertStatus.NEW, 7, T, T.plusSeconds(i)));
      }
      ws.writeAlerts(opened, List.of());
      ws.writeAlerts(List.of(), updated);
      assertThat(ws.query("SELECT count(*), sum(Count)::BIGINT, max(LastSeen) FROM SecurityAlert", 1).rows().get(0))
          .containsExactly(2_000L, 14_000L, T.plusSeconds(1_999).toString());
    }
  }

  @Test
  void alertsAreSelectedByStatusDeviceAndLastSeenLatestFirst() {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      ws.writeAlerts(List.of(
          alert("a", "gw-1", AlertStatus.NEW, 1, T, T),
          alert("b", "gw-1", AlertStatus.ACTIVE, 1, T, T.plusSeconds(10)),
          alert("c", "gw-2", AlertStatus.RESOLVED, 1, T, T.plusSeconds(20)),
          alert("d", "gw-2", AlertStatus.DISMISSED, 1, T, T.plusSeconds(30))), List.of());
      assertThat(ids(ws.alerts(new AlertQuery(Set.of(), null, null, 100)))).containsExactly("d", "c", "b", "a");
      assertThat(ids(ws.alerts(new AlertQuery(Set.of(AlertStatus.NEW, AlertStatus.ACTIVE), null, null, 100)))).containsExactly("b", "a");
      assertThat(ids(ws.alerts(new AlertQuery(Set.of(), "gw-2", null, 100)))).containsExactly("d", "c");
      assertThat(ids(ws.alerts(new AlertQuery(Set.of(), null, T.plusSeconds(10), 100)))).containsExactly("d", "c", "b");
      assertThat(ids(ws.alerts(new AlertQuery(Set.of(), null, null, 1)))).containsExactly("d");
    }
    assertThatThrownBy(() -> new AlertQuery(Set.of(), null, null, 0)).hasMessage("limit must be at least 1, was 0");
  }

  @Test
  void aStatusChangeIsConditionalOnTheOldStatusAndAudited() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      ws.appendAlerts(List.of(alert("a-1", "gw-1", AlertStatus.NEW, 1, T, T)));
      var resolve = new AlertStatusChange("a-1", "gw-1", T.plusSeconds(1), AlertStatus.NEW, AlertStatus.RESOLVED, "admin", "patched");
      assertThat(ws.changeAlertStatus(resolve)).isTrue();
      assertThat(ws.changeAlertStatus(resolve)).as("no longer New").isFalse();
      assertThat(ws.changeAlertStatus(new AlertStatusChange("x", "gw-1", T, AlertStatus.NEW, AlertStatus.RESOLVED, "admin", null)))
          .as("no such alert").isFalse();
      var reopen = new AlertStatusChange("a-1", "gw-1", T.plusSeconds(2), AlertStatus.RESOLVED, AlertStatus.ACTIVE, "admin", null);
      assertThat(ws.changeAlertStatus(reopen)).isTrue();
      assertThat(ws.alert("a-1").orElseThrow().status()).isEqualTo(AlertStatus.ACTIVE);
      assertThat(ws.alertStatusChanges("a-1")).containsExactly(resolve, reopen);
      assertThat(ws.query("SELECT SystemAlertId, DeviceId, OldStatus, NewStatus, Actor, Comment FROM AlertStatusChange ORDER BY TimeGenerated", 10)
          .rows()).containsExactly(List.of("a-1", "gw-1", "New", "Resolved", "admin", "patched"), List.of("a-1", "gw-1", "Resolved", "Active", "admin", ""));
    }
  }

  @Test
  void aWorkspaceFromBeforeTheLifecycleGetsTheAuditTableAndItsAlertsRead() throws Exception {
    Path file = dir.resolve("old.duckdb");
    try (var c = DriverManager.getConnection("jdbc:duckdb:" + file); var s = c.createStatement()) {
      s.execute(Schema.DDL.stream().filter(d -> d.contains("SecurityAlert (")).findFirst().orElseThrow());
      s.execute("INSERT INTO SecurityAlert VALUES ('old-1', TIMESTAMPTZ '2026-11-01 10:00:00+00', 'IoT_CryptoMiner', 'Miner', 'High',"
          + " 'd', 'r', 'gw-1', '{\"Process\":\"/tmp/x\",\"ProcessId\":\"42\"}', '{}', 'Active', 1, TIMESTAMPTZ '2026-11-01 10:00:00+00',"
          + " TIMESTAMPTZ '2026-11-01 10:00:00+00', 'builtin:crypto-miner', '[\"Impact\"]', '[]')");
    }
    try (var ws = DuckDbWorkspace.open(file)) {
      Alert old = ws.alert("old-1").orElseThrow();
      assertThat(old.status()).isEqualTo(AlertStatus.ACTIVE);
      assertThat(old.entities()).containsOnly(Map.entry("Process", "/tmp/x"), Map.entry("ProcessId", "42"));
      assertThat(old.firstSeen()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
      assertThat(ws.changeAlertStatus(new AlertStatusChange("old-1", "gw-1", T, AlertStatus.ACTIVE, AlertStatus.DISMISSED, "admin", "lab")))
          .isTrue();
    }
  }

  /**
   * Each batch of updates is staged in a new table. Reusing one, with the last batch deleted, left
   * DuckDB estimating it by every row it ever held: after a few minutes of updates the estimate
   * passed SecurityAlert's size, the join turned round, and the UPDATE took 1 ms a row instead of
   * 30 ms a batch (bench IngestThroughput, 300 s).
   */
  @Test
  void eachBatchOfUpdatesIsStagedInATableEstimatedByThatBatchAlone() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb")).unwrap(org.duckdb.DuckDBConnection.class);
        var s = c.createStatement()) {
      for (String ddl : Schema.DDL) {
        s.execute(ddl);
      }
      AlertRows rows = new AlertRows(c);
      List<Alert> alerts = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        alerts.add(alert("a-" + i, "gw-" + i, AlertStatus.NEW, 1, T, T));
      }
      rows.append(alerts);
      for (int round = 0; round < 30; round++) {
        assertThat(rows.updateOccurrences(alerts)).isEmpty();
      }
      try (var r = s.executeQuery("SELECT estimated_size FROM duckdb_tables() WHERE table_name = 'AlertOccurrence'")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1)).isEqualTo(100);
      }
    }
  }

  private static List<String> ids(List<Alert> alerts) {
    return alerts.stream().map(Alert::systemAlertId).toList();
  }
}
