package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWorkspaceTest {
  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-11-22T10:00:00.123456Z");

  private static RawEvent raw(String device, String details) {
    return new RawEvent(T, device, "default", "072f3eca-3db0-45ba-8174-fa383bc93caf", "0.1.0", "Triggered",
        "ProcessCreate", "Security", false, "a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf", T, 0, details);
  }

  private static Alert alert(String device) {
    return new Alert("id-1", "IoT_CryptoMiner", "Crypto miner", Severity.HIGH, "d", "r", device,
        Map.of("Process", "/tmp/xmrig"), Map.of(), AlertStatus.ACTIVE, 1, T, T, T, "builtin:crypto-miner",
        List.of("Impact"), List.of("T1496"));
  }

  @Test
  void storesAndQueriesRawEventsAndAlerts() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      ws.appendRawEvents(List.of(raw("gw-1", "{\"CommandLine\":\"xmrig -o stratum+tcp://x\"}"), raw("gw-2", "{}")));
      ws.appendAlerts(List.of(alert("gw-1")));
      QueryResult r = ws.query(
          "SELECT DeviceId, EventDetails->>'CommandLine' AS cmd, TimeStamp FROM SecurityIoTRawEvent ORDER BY DeviceId", 100);
      assertThat(r.columns()).containsExactly("DeviceId", "cmd", "TimeStamp");
      assertThat(r.rows()).hasSize(2);
      assertThat(r.rows().get(0)).containsExactly("gw-1", "xmrig -o stratum+tcp://x", "2026-11-22T10:00:00.123456Z");
      QueryResult a = ws.query("SELECT AlertName, AlertSeverity, Entities->>'Process', Tactics FROM SecurityAlert", 10);
      assertThat(a.rows().get(0)).containsExactly("IoT_CryptoMiner", "High", "/tmp/xmrig", "[\"Impact\"]");
    }
  }

  @Test
  void eventsAlreadyStoredAreSkipped() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      RawEvent first = raw("gw-1", "{}");
      RawEvent second = new RawEvent(T, "gw-1", "default", "a", "1", "Triggered", "ProcessCreate", "Security", false,
          "a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf", T, 1, "{}");
      assertThat(ws.appendRawEvents(List.of(first, second)))
          .containsExactly(new EventKey("gw-1", "a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf"));
      // The same event again (an agent's retry), and the same event id from another device.
      assertThat(ws.appendRawEvents(List.of(first, second, raw("gw-2", "{}"))))
          .containsExactly(new EventKey("gw-2", "a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf"));
      assertThat(ws.query("SELECT DeviceId, count(*) FROM SecurityIoTRawEvent GROUP BY ALL ORDER BY 1", 10).rows())
          .containsExactly(List.of("gw-1", 2L), List.of("gw-2", 1L));
    }
    try (var reopened = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      assertThat(reopened.appendRawEvents(List.of(raw("gw-1", "{}")))).isEmpty();
    }
  }

  private static RawEvent event(String device, String eventId, Instant received, int item, String details) {
    return new RawEvent(received, device, "default", "072f3eca-3db0-45ba-8174-fa383bc93caf", "0.1.0", "Triggered",
        "ProcessCreate", "Security", false, eventId, T, item, details);
  }

  @Test
  void aCopyInTheSameBatchIsStoredOnce() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      List<RawEvent> copy = List.of(event("gw-1", "e1", T, 0, "{}"), event("gw-1", "e1", T, 1, "{}"));
      List<RawEvent> twice = new java.util.ArrayList<>(copy);
      twice.addAll(copy);
      assertThat(ws.appendRawEvents(twice)).containsExactly(new EventKey("gw-1", "e1"));
      assertThat(ws.query("SELECT PayloadIndex FROM SecurityIoTRawEvent ORDER BY 1", 10).rows())
          .containsExactly(List.of(0L), List.of(1L));
    }
  }

  /**
   * The pipeline's writer threads append at once, each on a connection of its own. Copies of an
   * event in concurrent batches (a retry racing its original) must still be stored once, and
   * reported new to exactly one of the callers.
   */
  @Test
  void concurrentBatchesStoreEachEventOnce() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      int threads = 4;
      int batches = 50;
      List<java.util.concurrent.Callable<java.util.Set<EventKey>>> writers = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        writers.add(() -> {
          java.util.Random random = new java.util.Random(seed);
          java.util.Set<EventKey> fresh = new java.util.HashSet<>();
          for (int b = 0; b < batches; b++) {
            List<RawEvent> batch = new java.util.ArrayList<>();
            for (int e = 0; e < 20; e++) {
              String id = "e" + random.nextInt(500); // the threads draw from the same 500 ids: many copies race
              batch.add(event("gw-1", id, T, 0, "{}"));
              batch.add(event("gw-1", id, T, 1, "{}"));
            }
            for (EventKey k : ws.appendRawEvents(batch)) {
              assertThat(fresh.add(k)).as("reported new twice to one thread: %s", k).isTrue();
            }
          }
          return fresh;
        });
      }
      var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      java.util.Map<EventKey, Integer> reported = new java.util.HashMap<>();
      try {
        for (var f : pool.invokeAll(writers)) {
          f.get().forEach(k -> reported.merge(k, 1, Integer::sum));
        }
      } finally {
        pool.shutdown();
      }
      assertThat(reported.values()).as("each event reported new to one caller").allMatch(n -> n == 1);
      List<List<Object>> stored = ws.query("SELECT EventId, count(*) FROM SecurityIoTRawEvent GROUP BY 1", 1000).rows();
      assertThat(stored).hasSize(reported.size()).allMatch(row -> row.get(1).equals(2L));
    }
  }

  /** The settings that keep ingest cheap (see DuckDbWorkspace.open and bench DuckDbAppend). */
  @Test
  void opensWithOneThreadAndALargeCheckpointThreshold() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      assertThat(ws.query("SELECT current_setting('threads'), current_setting('checkpoint_threshold')", 1).rows())
          .containsExactly(List.of(1L, "244.1 MiB")); // 256MB is 256,000,000 bytes; DuckDB prints MiB
    }
  }

  @Test
  void aFailedBatchIsNotTakenForStoredWhenRetried() throws Exception {
    Path file = dir.resolve("w.duckdb");
    // A table that refuses some rows (details other than {}), so that a batch fails as a full disk would make it.
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file); var s = c.createStatement()) {
      s.execute(Schema.DDL.get(0).replace("EventDetails JSON NOT NULL)", "EventDetails ENUM('{}') NOT NULL)"));
    }
    try (var ws = DuckDbWorkspace.open(file)) {
      RawEvent good = event("gw-1", "e1", T, 0, "{}");
      assertThatThrownBy(() -> ws.appendRawEvents(List.of(good, event("gw-1", "e2", T, 0, "{\"refused\":1}"))))
          .hasMessageStartingWith("writing SecurityIoTRawEvent to " + file + " failed: ").hasMessageContaining("refused");
      assertThat(ws.query("SELECT count(*) FROM SecurityIoTRawEvent", 1).rows().get(0)).containsExactly(0L);
      assertThat(ws.appendRawEvents(List.of(good))).containsExactly(new EventKey("gw-1", "e1"));
      assertThat(ws.query("SELECT count(*) FROM SecurityIoTRawEvent", 1).rows().get(0)).containsExactly(1L);
    }
  }

  @Test
  void aRestartRemembersTheEventsOfTheLastWindowOnly() throws Exception {
    Path file = dir.resolve("w.duckdb");
    Instant last = T.plus(java.time.Duration.ofHours(1));
    try (var ws = DuckDbWorkspace.open(file)) {
      ws.appendRawEvents(List.of(event("gw-1", "old", T, 0, "{}")));
      ws.appendRawEvents(List.of(event("gw-1", "recent", last.minus(java.time.Duration.ofMinutes(9)), 0, "{}"),
          event("gw-1", "recent", last.minus(java.time.Duration.ofMinutes(9)), 1, "{}")));
      ws.appendRawEvents(List.of(event("gw-2", "last", last, 0, "{}")));
    }
    try (var reopened = DuckDbWorkspace.open(file)) {
      // Within 10 minutes of the newest row: known, all items skipped. An hour before it: past the window, stored again.
      assertThat(reopened.appendRawEvents(List.of(event("gw-1", "recent", last, 0, "{}"), event("gw-1", "recent", last, 1, "{}"),
          event("gw-2", "last", last, 0, "{}"), event("gw-1", "old", last, 0, "{}"))))
          .containsExactly(new EventKey("gw-1", "old"));
    }
  }

  @Test
  void aWorkspaceFromBeforeTheWindowLosesItsIdTable() throws Exception {
    Path file = dir.resolve("w.duckdb");
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file); var s = c.createStatement()) {
      s.execute("CREATE TABLE IngestedEvent (DeviceId VARCHAR NOT NULL, EventId VARCHAR NOT NULL, PRIMARY KEY (DeviceId, EventId))");
    }
    try (var ws = DuckDbWorkspace.open(file)) {
      assertThat(ws.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'IngestedEvent'", 1).rows().get(0))
          .containsExactly(0L);
    }
  }

  @Test
  void truncatesAtTheRowLimit() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      QueryResult r = ws.query("SELECT * FROM range(10)", 3);
      assertThat(r.rows()).hasSize(3);
      assertThat(r.truncated()).isTrue();
    }
  }

  @Test
  void refusesWritesAndFileAccess() {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      assertThatThrownBy(() -> ws.query("DROP TABLE SecurityAlert", 10))
          .isInstanceOf(QueryException.class)
          .hasMessage("only read-only queries (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) are allowed");
      assertThatThrownBy(() -> ws.query("SELECT 1; DELETE FROM SecurityAlert", 10))
          .hasMessage("only read-only queries (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) are allowed");
      assertThatThrownBy(() -> ws.query("SELECT * FROM read_csv('/etc/passwd')", 10))
          .hasMessageContaining("file system operations are disabled");
      assertThatThrownBy(() -> ws.query("SELEC 1", 10)).hasMessageContaining("syntax error");
      assertThatThrownBy(() -> ws.query("  ", 10)).hasMessage("the query is empty");
    }
  }

  @Test
  void readOnlyOpenNeedsAnExistingWorkspace() {
    assertThatThrownBy(() -> DuckDbWorkspace.openReadOnly(dir.resolve("none.duckdb")))
        .hasMessageContaining("no workspace at").hasMessageContaining("none.duckdb");
  }

  @Test
  void readOnlyOpenSeesCommittedRows() throws Exception {
    Path file = dir.resolve("w.duckdb");
    try (var ws = DuckDbWorkspace.open(file)) {
      ws.appendRawEvents(List.of(raw("gw-1", "{}")));
    }
    try (var ro = DuckDbWorkspace.openReadOnly(file)) {
      assertThat(ro.query("SELECT count(*) FROM SecurityIoTRawEvent", 1).rows().get(0)).containsExactly(1L);
    }
  }
}
