package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
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
    return alert(device, 1);
  }

  private static Alert alert(String device, long count) {
    return new Alert("id-" + device, "IoT_X", "X", Severity.LOW, "d", "r", device, Map.of(), Map.of(), AlertStatus.ACTIVE, count, T,
        T.plusSeconds(count), T, "rule", List.of(), List.of());
  }

  /** Makes workspace eu-west impossible to create: a file where its directory would be. */
  private Path blockEuWest() throws Exception {
    Files.createDirectories(dir.resolve("workspaces"));
    return Files.writeString(dir.resolve("workspaces/eu-west"), "not a directory");
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

  @Test
  void aWorkspaceThatFailsNeitherFailsNorUndoesTheOthersPartAndItsRetryIsStoredOnce() throws Exception {
    Path block = blockEuWest();
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      List<RawEvent> batch = List.of(raw("gw-us", "us", "e1"), raw("gw-eu", "eu", "e2"), raw("gw-us", "us", "e3"));
      assertThatThrownBy(() -> all.appendRawEvents(batch)).isInstanceOfSatisfying(SplitWriteException.class, e -> {
        assertThat(e.getMessage()).startsWith("writing 1 of 3 raw event rows failed in workspace 'eu-west' (the other workspaces stored"
            + " theirs): cannot open workspace " + dir.resolve("workspaces/eu-west/workspace.duckdb") + ": ");
        assertThat(e.freshEvents()).containsExactlyInAnyOrder(new EventKey("gw-us", "e1"), new EventKey("gw-us", "e3"));
        assertThat(e.failedEvents()).containsExactly(new EventKey("gw-eu", "e2"));
      });
      assertThat(count(main, "SecurityIoTRawEvent")).as("the default workspace's part is stored").isEqualTo(2);

      // Only the failed workspace's rows: its own failure, as without residency.
      assertThatThrownBy(() -> all.appendRawEvents(List.of(raw("gw-eu", "eu", "e2")))).isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot open workspace " + dir.resolve("workspaces/eu-west/workspace.duckdb") + ": ");

      // Repaired, the whole batch comes again (an agent may resend what was acknowledged too): each event is stored once.
      Files.delete(block);
      assertThat(all.appendRawEvents(batch)).containsExactly(new EventKey("gw-eu", "e2"));
      assertThat(count(main, "SecurityIoTRawEvent")).isEqualTo(2);
      assertThat(count(all.named("eu-west").orElseThrow(), "SecurityIoTRawEvent")).isEqualTo(1);
    }
  }

  @Test
  void alertsAndOperationsOfAFailingWorkspaceAreNamedAndTheOthersStored() throws Exception {
    Path block = blockEuWest();
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      assertThatThrownBy(() -> all.writeAlerts(List.of(alert("gw-eu"), alert("gw-us")), List.of()))
          .isInstanceOfSatisfying(SplitWriteException.class, e -> {
            assertThat(e.getMessage()).startsWith("writing 1 of 2 alerts failed in workspace 'eu-west' (the other workspaces stored theirs): ");
            assertThat(e.failedAlerts()).containsExactly("id-gw-eu");
          });
      assertThat(main.alert("id-gw-us")).isPresent();
      assertThatThrownBy(() -> all.appendHubOperations(List.of(new HubOperationRow(T, "gw-eu", "Connect", "Success", "MQTT", null, Map.of()),
          new HubOperationRow(T, "gw-us", "Connect", "Success", "MQTT", null, Map.of()))))
          .isInstanceOf(SplitWriteException.class).hasMessageStartingWith("writing 1 of 2 hub operations failed in workspace 'eu-west'");
      assertThat(count(main, "HubOperation")).isEqualTo(1);
      Files.delete(block);
    }
  }

  @Test
  void anAlertOpenedBeforeItsGroupMovedIsUpdatedAndTriagedWhereItIsStored() throws Exception {
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      all.writeAlerts(List.of(alert("gw-eu")), List.of());
      Workspace eu = all.named("eu-west").orElseThrow();
      workspaceOfGroup.remove("eu"); // the group moves to the default workspace

      assertThat(all.writeAlerts(List.of(), List.of(alert("gw-eu", 2)))).as("held by eu-west").isEmpty();
      assertThat(eu.alert("id-gw-eu").orElseThrow().count()).isEqualTo(2);
      assertThat(eu.alert("id-gw-eu").orElseThrow().lastSeen()).isEqualTo(T.plusSeconds(2));
      assertThat(main.alert("id-gw-eu")).as("no copy in the new workspace").isEmpty();

      AlertStatusChange resolve = new AlertStatusChange("id-gw-eu", "gw-eu", T.plusSeconds(5), AlertStatus.ACTIVE, AlertStatus.RESOLVED,
          "admin", "moved");
      assertThat(all.changeAlertStatus(resolve)).isTrue();
      assertThat(eu.alert("id-gw-eu").orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(all.alertStatusChanges("id-gw-eu")).containsExactly(resolve);
      assertThat(all.changeAlertStatus(resolve)).as("no longer Active").isFalse();

      assertThat(all.writeAlerts(List.of(), List.of(alert("gw-nowhere", 3)))).containsExactly("id-gw-nowhere");
    }
  }

  private static Recommendation recommendation(String device, String id, RecommendationState state) {
    return new Recommendation(id, device, "IoT_OpenPorts", "Open ports", Severity.MEDIUM, state, "tcp/23", "close it",
        Map.of(), T, state == RecommendationState.RESOLVED ? T.plusSeconds(60) : null);
  }

  @Test
  void aRecommendationOpenedBeforeItsGroupMovedIsSeenAndResolvedWhereItIsStored() throws Exception {
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(main)) {
      all.upsertRecommendations(List.of(recommendation("gw-eu", "r1", RecommendationState.ACTIVE)));
      Workspace eu = all.named("eu-west").orElseThrow();
      workspaceOfGroup.remove("eu"); // the group moves to the default workspace

      assertThat(all.activeRecommendations("gw-eu")).extracting(Recommendation::recommendationId).containsExactly("r1");
      all.upsertRecommendations(List.of(recommendation("gw-eu", "r1", RecommendationState.RESOLVED),
          recommendation("gw-eu", "r2", RecommendationState.ACTIVE)));
      assertThat(eu.query("SELECT RecommendationId, RecommendationState FROM SecurityRecommendation", 10).rows())
          .containsExactly(List.of("r1", "Resolved"));
      assertThat(main.query("SELECT RecommendationId, RecommendationState FROM SecurityRecommendation", 10).rows())
          .as("a new one opens where the group resides now").containsExactly(List.of("r2", "Active"));
      assertThat(all.activeRecommendations("gw-eu")).extracting(Recommendation::recommendationId).containsExactly("r2");
      assertThat(all.updateRecommendations(List.of(recommendation("gw-eu", "r3", RecommendationState.ACTIVE))))
          .containsExactly("r3");
    }
  }

  /** {@code real}, but its updateRecommendations fails while {@code failing} is set. */
  private static Workspace failingUpdates(Workspace real, java.util.concurrent.atomic.AtomicBoolean failing) {
    return (Workspace) java.lang.reflect.Proxy.newProxyInstance(Workspace.class.getClassLoader(), new Class<?>[] {Workspace.class},
        (proxy, method, args) -> {
          if (failing.get() && method.getName().equals("updateRecommendations")) {
            throw new IllegalStateException("default workspace is read-only");
          }
          try {
            return method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aWorkspaceThatFailsARecommendationSearchIsNamedAndTheHomeWorkspaceStillStoresWhatItHolds() throws Exception {
    var failing = new java.util.concurrent.atomic.AtomicBoolean();
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb")); var all = open(failingUpdates(main, failing))) {
      all.upsertRecommendations(List.of(recommendation("gw-eu", "r1", RecommendationState.ACTIVE),
          recommendation("gw-us", "r3", RecommendationState.ACTIVE)));
      Workspace eu = all.named("eu-west").orElseThrow();
      failing.set(true);

      // r1 is held at home (eu-west); r2 might be held by the default workspace, which fails to say.
      assertThatThrownBy(() -> all.upsertRecommendations(List.of(recommendation("gw-eu", "r1", RecommendationState.RESOLVED),
          recommendation("gw-eu", "r2", RecommendationState.ACTIVE))))
          .isInstanceOf(SplitWriteException.class)
          .hasMessage("writing 1 of 2 recommendations failed in workspace 'default' (the other workspaces stored theirs):"
              + " default workspace is read-only");
      assertThat(eu.query("SELECT RecommendationId, RecommendationState FROM SecurityRecommendation", 10).rows())
          .containsExactly(List.of("r1", "Resolved"));

      // Found in eu-west, so the failing default workspace held none of them: nothing is lost.
      assertThat(all.updateRecommendations(List.of(recommendation("gw-eu", "r1", RecommendationState.ACTIVE)))).isEmpty();
      assertThat(all.activeRecommendations("gw-eu")).extracting(Recommendation::recommendationId).containsExactly("r1");
      assertThatThrownBy(() -> all.updateRecommendations(List.of(recommendation("gw-us", "r3", RecommendationState.RESOLVED))))
          .isExactlyInstanceOf(IllegalStateException.class).hasMessage("default workspace is read-only");

      failing.set(false);
      all.upsertRecommendations(List.of(recommendation("gw-eu", "r2", RecommendationState.ACTIVE)));
      assertThat(eu.query("SELECT RecommendationId FROM SecurityRecommendation ORDER BY 1", 10).rows())
          .containsExactly(List.of("r1"), List.of("r2"));
    }
  }
}
