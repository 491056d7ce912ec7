package io.vigil.server.alerts;

import static io.vigil.server.alerts.TestAlerts.miner;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.ResidentWorkspaces;
import io.vigil.store.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts over resident workspaces (real DuckDB files) when a device's group moves, and when a workspace fails. */
class AlertResidencyTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  @TempDir Path dir;
  final Map<String, String> groupOfDevice = new ConcurrentHashMap<>(Map.of("eu-1", "eu", "gw-1", "default"));

  private ResidentWorkspaces open(Workspace main) {
    return new ResidentWorkspaces(dir, main, g -> g.equals("eu") ? "eu-west" : ResidentWorkspaces.DEFAULT, groupOfDevice::get);
  }

  @Test
  void anAlertOpenedBeforeTheDeviceMovedIsCountedAndTriagedWhereItIsStoredAndTheNextOneOpensInTheNewWorkspace() {
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      new AlertRecorder(all, new AlertLifecycle(Duration.ofHours(1)), a -> {}).record(List.of(miner("eu-1", "e1", T)));
      assertThat(all.named("eu-west").orElseThrow().alert("id-e1")).isPresent();
    }
    groupOfDevice.put("eu-1", "default"); // the device moves to a group of the default workspace, and the server restarts
    List<Alert> told = new ArrayList<>();
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1));
      AlertRecorder recorder = new AlertRecorder(all, lifecycle, told::add);
      assertThat(recorder.restore(T.plusSeconds(60))).isEqualTo(1);
      Workspace euWest = all.named("eu-west").orElseThrow();

      recorder.record(List.of(miner("eu-1", "e2", T.plusSeconds(120))));
      recorder.flush();
      assertThat(euWest.alert("id-e1").orElseThrow()).satisfies(a -> {
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.lastSeen()).isEqualTo(T.plusSeconds(120));
      });
      assertThat(main.alert("id-e1")).isEmpty();

      AlertTriage triage = new AlertTriage(all, lifecycle, Clock.fixed(T.plusSeconds(180), ZoneOffset.UTC));
      assertThat(triage.change("id-e1", AlertStatus.RESOLVED, "admin", "reimaged").status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(euWest.alert("id-e1").orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(triage.history("id-e1")).singleElement().satisfies(c -> assertThat(c.comment()).isEqualTo("reimaged"));

      recorder.record(List.of(miner("eu-1", "e3", T.plusSeconds(240))));
      assertThat(told).as("resolved: the next occurrence is a new alert").extracting(Alert::systemAlertId).containsExactly("id-e3");
      assertThat(main.alert("id-e3")).as("opened where the device's group resides now").isPresent();
      assertThat(euWest.alert("id-e1").orElseThrow().count()).isEqualTo(2);
    }
  }

  @Test
  void aWorkspaceThatFailsForgetsOnlyItsOwnNewAlerts() throws Exception {
    Files.createDirectories(dir.resolve("workspaces"));
    Path block = Files.writeString(dir.resolve("workspaces/eu-west"), "not a directory"); // eu-west cannot be created
    List<Alert> told = new ArrayList<>();
    AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1));
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      AlertRecorder recorder = new AlertRecorder(all, lifecycle, told::add);
      recorder.record(List.of(miner("eu-1", "e1", T), miner("gw-1", "g1", T)));
      assertThat(told).extracting(Alert::systemAlertId).containsExactly("id-g1");
      assertThat(lifecycle.tracked("gw-1")).isEqualTo(1);
      assertThat(lifecycle.tracked("eu-1")).as("not stored, so not joined later").isZero();

      Files.delete(block);
      recorder.record(List.of(miner("eu-1", "e2", T.plusSeconds(1)), miner("gw-1", "g2", T.plusSeconds(1))));
      recorder.flush();
      assertThat(told).extracting(Alert::systemAlertId).containsExactly("id-g1", "id-e2");
      assertThat(main.alert("id-g1").orElseThrow().count()).isEqualTo(2);
      assertThat(all.named("eu-west").orElseThrow().alert("id-e2")).isPresent();
    }
  }
}
