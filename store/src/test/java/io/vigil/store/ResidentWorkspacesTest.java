package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Residency over real DuckDB files: each group's rows land in its workspace. */
class ResidentWorkspacesTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  @TempDir Path dir;
  final Map<String, String> workspaceOfGroup = new HashMap<>(Map.of("eu", "eu-west"));
  final Map<String, String> groupOfDevice = Map.of("gw-eu", "eu", "gw-us", "us");

  private static RawEvent raw(String device, String group, String eventId) {
    return new RawEvent(T, device, group, "a", "1", "Triggered", "ProcessCreate", "Security", false, eventId, T, 0, "{}");
  }

  private static Alert alert(String device) {
    return new Alert("id-" + device, "IoT_X", "X", Severity.LOW, "d", "r", device, Map.of(), Map.of(), AlertStatus.ACTIVE, 1, T, T, T,
        "rule", List.of(), List.of());
  }

  private ResidentWorkspaces open(Workspace main) {
    return new ResidentWorkspaces(dir, main, g -> workspaceOfGroup.getOrDefault(g, "default"), groupOfDevice::get);
  }

  private static long count(Workspace w, String table) throws Exception {
    return (Long) w.query("SELECT count(*) FROM " + table, 1).rows().get(0).get(0);
  }

  @Test
  void rowsGoToTheirGroupsWorkspaceAndRetentionReachesEveryWorkspace() throws Exception {
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      assertThat(all.appendRawEvents(List.of(raw("gw-eu", "eu", "e1"), raw("gw-us", "us", "e2")))).hasSize(2);
      all.appendHubOperations(List.of(new HubOperationRow(T, "gw-eu", "Connect", "Success", "MQTT", null, Map.of()),
          new HubOperationRow(T, "unknown", "AuthFailure", "UnknownDevice", "MQTT", null, Map.of())));
      all.appendAlerts(List.of(alert("gw-eu"), alert("gw-us")));
      Workspace eu = all.named("eu-west").orElseThrow();
      assertThat(List.of(count(eu, "SecurityIoTRawEvent"), count(eu, "HubOperation"), count(eu, "SecurityAlert"))).containsExactly(1L, 1L, 1L);
      assertThat(List.of(count(main, "SecurityIoTRawEvent"), count(main, "HubOperation"), count(main, "SecurityAlert"))).containsExactly(1L, 1L, 1L);
      assertThat(Files.exists(dir.resolve("workspaces/eu-west/workspace.duckdb"))).isTrue();
      assertThat(all.names()).containsExactly("default", "eu-west");
      assertThat(all.named("nowhere")).isEmpty();

      // The group moves back: new rows go to the default workspace, old ones stay, and retention finds both.
      workspaceOfGroup.remove("eu");
      all.appendRawEvents(List.of(raw("gw-eu", "eu", "e3")));
      assertThat(all.rawEventGroups()).containsExactly("eu", "us");
      assertThat(all.deleteRawEvents("eu", T.plus(Duration.ofDays(1)))).isEqualTo(2);
      assertThat(count(eu, "SecurityIoTRawEvent") + count(main, "SecurityIoTRawEvent")).isEqualTo(1);
    }
    // At the next start, the existing workspace is found again.
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      assertThat(all.named("eu-west")).isPresent();
    }
  }
}
