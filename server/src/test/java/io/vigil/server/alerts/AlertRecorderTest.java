package io.vigil.server.alerts;

import static io.vigil.server.alerts.TestAlerts.miner;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.model.Alert;
import io.vigil.store.AlertQuery;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's alert step against a real DuckDB workspace. */
class AlertRecorderTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  @TempDir Path dir;


  private static List<Alert> stored(DuckDbWorkspace ws) {
    return ws.alerts(new AlertQuery(Set.of(), null, null, 100));
  }

  @Test
  void occurrencesOfOneAlertInABatchBecomeOneRowAndLaterBatchesUpdateIt() {
    List<Alert> told = new ArrayList<>();
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      AlertRecorder recorder = new AlertRecorder(ws, new AlertLifecycle(Duration.ofHours(1)), told::add);
      recorder.record(List.of(miner("gw-1", "e1", T), miner("gw-1", "e2", T.plusSeconds(1)), miner("gw-2", "e3", T)));
      assertThat(stored(ws)).hasSize(2);
      assertThat(told).as("told once per new alert, with its count").extracting(Alert::systemAlertId, Alert::count)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("id-e1", 2L), org.assertj.core.groups.Tuple.tuple("id-e3", 1L));
      recorder.record(List.of(miner("gw-1", "e4", T.plusSeconds(2))));
      assertThat(ws.alert("id-e1").orElseThrow().count()).as("an update is held until the flush").isEqualTo(2);
      recorder.flush();
      Alert a = ws.alert("id-e1").orElseThrow();
      assertThat(a.count()).isEqualTo(3);
      assertThat(a.lastSeen()).isEqualTo(T.plusSeconds(2));
      assertThat(a.extendedProperties()).containsEntry("EvidenceEventIds", "e1,e2,e4");
      assertThat(told).as("an update is not news").hasSize(2);
      recorder.record(List.of());
    }
  }

  @Test
  void aRestartRestoresOpenAlertsSoNoDuplicateOpens() {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      new AlertRecorder(ws, new AlertLifecycle(Duration.ofHours(1)), a -> {})
          .record(List.of(miner("gw-1", "e1", T), miner("gw-2", "x1", T.minusSeconds(7200))));
    }
    List<Alert> told = new ArrayList<>();
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      AlertRecorder restarted = new AlertRecorder(ws, new AlertLifecycle(Duration.ofHours(1)), told::add);
      assertThat(restarted.restore(T.plusSeconds(600))).as("gw-2's alert was last seen before the window").isEqualTo(1);
      restarted.record(List.of(miner("gw-1", "e2", T.plusSeconds(700))));
      restarted.flush();
      assertThat(told).isEmpty();
      assertThat(stored(ws)).filteredOn(a -> a.deviceId().equals("gw-1")).singleElement()
          .satisfies(a -> assertThat(a.count()).isEqualTo(2));
    }
  }

  @Test
  void aFailedWriteIsLoggedAndItsNewAlertsForgotten() {
    var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
    AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1));
    List<Alert> told = new ArrayList<>();
    AlertRecorder recorder = new AlertRecorder(ws, lifecycle, told::add);
    ws.close();
    recorder.record(List.of(miner("gw-1", "e1", T)));
    assertThat(told).isEmpty();
    assertThat(lifecycle.tracked("gw-1")).as("not stored, so not joined later").isZero();
  }

  @Test
  void aFailedFlushKeepsTheUpdatesForTheNext() {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      boolean[] failing = {false};
      // A unit seam: the workspace as a full disk would make it, for alert writes only.
      Workspace flaky = (Workspace) java.lang.reflect.Proxy.newProxyInstance(Workspace.class.getClassLoader(), new Class<?>[] {Workspace.class},
          (proxy, method, args) -> {
            if (failing[0] && method.getName().equals("writeAlerts")) {
              throw new IllegalStateException("writing SecurityAlert failed: disk full");
            }
            try {
              return method.invoke(ws, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      AlertRecorder recorder = new AlertRecorder(flaky, new AlertLifecycle(Duration.ofHours(1)), a -> {});
      recorder.record(List.of(miner("gw-1", "e1", T)));
      recorder.record(List.of(miner("gw-1", "e2", T.plusSeconds(1))));
      failing[0] = true;
      recorder.flush(); // logged; the update is kept
      failing[0] = false;
      assertThat(ws.alert("id-e1").orElseThrow().count()).isEqualTo(1);
      recorder.flush();
      assertThat(ws.alert("id-e1").orElseThrow().count()).isEqualTo(2);
      recorder.record(List.of(miner("gw-1", "e3", T.plusSeconds(2))));
      failing[0] = true;
      recorder.flush();
      recorder.record(List.of(miner("gw-1", "e4", T.plusSeconds(3))));
      failing[0] = false;
      recorder.flush();
      assertThat(ws.alert("id-e1").orElseThrow()).as("the newest update wins over the one kept from the failed flush")
          .satisfies(a -> assertThat(a.count()).isEqualTo(4)).satisfies(a -> assertThat(a.lastSeen()).isEqualTo(T.plusSeconds(3)));
    }
  }
}
