package io.vigil.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.settings.DataCollection;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.RawEvent;
import io.vigil.store.ResidentWorkspaces;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention against a real DuckDB workspace, moved by a fake clock. */
class RawEventRetentionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
  @TempDir Path dir;

  /** A clock the test moves. */
  static final class FakeClock extends Clock {
    Instant now = T;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static RawEvent raw(String group, String eventId, Instant received) {
    return new RawEvent(received, "gw-" + group, group, "072f3eca-3db0-45ba-8174-fa383bc93caf", "0.1.0", "Triggered",
        "ProcessCreate", "Security", false, eventId, received, 0, "{}");
  }

  @Test
  void deletesEachGroupsRawEventsPastItsRetentionAsTheClockMoves() throws Exception {
    FakeClock clock = new FakeClock();
    DataCollection settings = DataCollection.open(dir, id -> Optional.empty(), (d, op, at) -> { }, clock, new SecureRandom());
    settings.replaceGlobal(JSON.readTree("{\"rawEventRetentionDays\": 30}"));
    settings.replaceGroup("lab", JSON.readTree("{\"rawEventRetentionDays\": 7}"));
    settings.replaceGroup("keep", JSON.readTree("{\"rawEventRetentionDays\": 0}"));
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      ws.appendRawEvents(List.of(raw("default", "e1", T), raw("lab", "e2", T), raw("lab", "e3", T.plus(Duration.ofDays(5))),
          raw("keep", "e4", T)));
      RawEventRetention retention = new RawEventRetention(ws, settings, clock);
      assertThat(retention.runOnce()).isEmpty();

      clock.now = T.plus(Duration.ofDays(8));
      assertThat(retention.runOnce()).isEqualTo(Map.of("lab", 1L));
      assertThat(ws.query("SELECT EventId FROM SecurityIoTRawEvent ORDER BY EventId", 10).rows())
          .containsExactly(List.of("e1"), List.of("e3"), List.of("e4"));

      clock.now = T.plus(Duration.ofDays(31));
      assertThat(retention.runOnce()).isEqualTo(Map.of("default", 1L, "lab", 1L));
      assertThat(ws.query("SELECT EventId FROM SecurityIoTRawEvent", 10).rows()).containsExactly(List.of("e4"));

      // Retention deletes rows, not what the duplicate window knows: e4's retry within it is still recognised.
      assertThat(ws.appendRawEvents(List.of(raw("keep", "e4", T.plusSeconds(60))))).isEmpty();
    }
  }

  @Test
  void aWorkspaceThatFailsDoesNotKeepTheOthersRetentionFromRunning() throws Exception {
    FakeClock clock = new FakeClock();
    DataCollection settings = DataCollection.open(dir, id -> Optional.empty(), (d, op, at) -> { }, clock, new SecureRandom());
    settings.replaceGlobal(JSON.readTree("{\"rawEventRetentionDays\": 7}"));
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb"));
        var all = new ResidentWorkspaces(dir, main, g -> g.equals("eu") ? "eu-west" : ResidentWorkspaces.DEFAULT, id -> null)) {
      all.appendRawEvents(List.of(raw("lab", "e1", T), raw("eu", "e2", T), raw("lab", "e3", T.plus(Duration.ofDays(5)))));
      RawEventRetention retention = new RawEventRetention(all, settings, clock);
      clock.now = T.plus(Duration.ofDays(8));
      all.named("eu-west").orElseThrow().close(); // as good as unmounted: every statement on it fails

      assertThatThrownBy(retention::runOnce).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("raw event retention failed in workspace 'eu-west': reading the security groups of "
              + dir.resolve("workspaces/eu-west/workspace.duckdb") + " failed: ");
      assertThat(main.query("SELECT EventId FROM SecurityIoTRawEvent", 10).rows()).as("the default workspace's ran")
          .containsExactly(List.of("e3"));
    }
  }
}
