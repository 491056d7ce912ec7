package io.vigil.store;

import io.vigil.model.Alert;
import io.vigil.model.Recommendation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded workspace: one DuckDB file.
 *
 * <p>Thread-safe: raw events are appended on connections of their own, concurrently (see
 * {@link #appendRawEvents}); other writes and queries are serialised on the main connection. File system access from
 * SQL ({@code read_csv}, {@code COPY}, {@code ATTACH} ...) is disabled, and only read-only
 * statements are accepted by {@link #query}.
 */
public final class DuckDbWorkspace implements Workspace {
  private final DuckDBConnection connection;
  private final Path file;
  private final AlertRows alertRows;
  /** The events stored recently, for recognising retries; null when open read-only. */
  private final RecentEvents recent;
  /** Idle connections for appending raw events, one per thread appending at once: see {@link #writer}. */
  private final java.util.concurrent.ConcurrentLinkedDeque<DuckDBConnection> writers = new java.util.concurrent.ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private DuckDbWorkspace(DuckDBConnection connection, Path file, RecentEvents recent) {
    this.connection = connection;
    this.file = file;
    this.alertRows = new AlertRows(connection);
    this.recent = recent;
  }

  /** When DuckDB checkpoints the write-ahead log into the database file. */
  static final String CHECKPOINT_THRESHOLD = "256MB";

  /** DuckDB's threads in a workspace the server writes to. */
  static final int THREADS = 1;

  /**
   * Opens (creating if needed) the workspace at {@code file} for reading and writing.
   *
   * @throws IllegalStateException if DuckDB cannot open it, for example because another process holds it
   */
  public static DuckDbWorkspace open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      DuckDBConnection c = connect(file, false);
      try (Statement s = c.createStatement()) {
        for (String ddl : Schema.DDL) {
          s.execute(ddl);
        }
        s.execute("SET enable_external_access = false");
        // DuckDB moves the write-ahead log into the database file (compressing it) when the log
        // reaches this size, and each checkpoint rewrites the table's last row groups. Appending raw
        // event rows costs 7.4 µs of CPU a row at the default 16 MB, 4.2 µs at 256 MB, 2.9 µs with no
        // file at all (bench: DuckDbAppend). The price: a log of up to 256 MB on disk, replayed at start-up.
        s.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
        // DuckDB's worker threads (by default one per core, in each workspace) cost appends about 12 %
        // more CPU a row (DuckDbAppend: 4.2 against 3.7 µs) and take the cores the pipeline needs on a
        // small machine: IngestThroughput gave 88,000 to 94,000 events/s with one thread, 81,000 to
        // 87,000 with two. The cost: a query uses one core. Read-only opens (vigil query) keep DuckDB's default.
        s.execute("SET threads = " + THREADS);
      }
      return new DuckDbWorkspace(c, file, recentEvents(c));
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot open workspace " + file + ": " + firstLine(e), e);
    }
  }

  /**
   * Opens an existing workspace read-only.
   *
   * @throws IllegalStateException if there is no workspace at {@code file}, or it is locked by a running server
   */
  public static DuckDbWorkspace openReadOnly(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException("no workspace at " + file + "; start 'vigil server' with this data dir first");
    }
    try {
      DuckDBConnection c = connect(file, true);
      try (Statement s = c.createStatement()) {
        s.execute("SET enable_external_access = false");
      }
      return new DuckDbWorkspace(c, file, null);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open workspace " + file + " read-only: " + firstLine(e), e);
    }
  }

  private static DuckDBConnection connect(Path file, boolean readOnly) throws SQLException {
    Properties props = new Properties();
    if (readOnly) {
      props.setProperty("duckdb.read_only", "true");
    }
    Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
    return c.unwrap(DuckDBConnection.class);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Duplicates are recognised within the window of {@link RecentEvents}, not forever: the ids
   * are fingerprinted in memory (rebuilt from the recent rows at start-up), with no index that grows
   * with the table. The window learns the new ids only once their rows are committed, so a failed
   * batch's retry is stored.
   */
  @Override
  public Set<EventKey> appendRawEvents(List<RawEvent> events) {
    if (events.isEmpty()) {
      return Set.of();
    }
    if (recent == null) {
      throw new IllegalStateException("writing SecurityIoTRawEvent to " + file + " failed: the workspace is open read-only");
    }
    // The events of the batch: rows of one event come together, item by item, so a new key, or an
    // index not past the previous row's, starts another event (or another copy of one).
    List<Integer> starts = new ArrayList<>();
    List<RecentEvents.Fingerprint> prints = new ArrayList<>();
    List<Instant> received = new ArrayList<>();
    RawEvent previous = null;
    for (int i = 0; i < events.size(); i++) {
      RawEvent e = events.get(i);
      if (previous == null || e.payloadIndex() <= previous.payloadIndex() || !e.eventId().equals(previous.eventId())
          || !e.deviceId().equals(previous.deviceId())) {
        starts.add(i);
        prints.add(recent.fingerprint(e.deviceId(), e.eventId()));
        received.add(e.timeGenerated());
      }
      previous = e;
    }
    RecentEvents.Claim claim;
    try {
      claim = recent.claim(prints);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("writing SecurityIoTRawEvent to " + file + " was interrupted", e);
    }
    boolean[] fresh = claim.fresh();
    boolean stored = false;
    try {
      DuckDBConnection writer = writer();
      try {
        inTransaction(writer, "SecurityIoTRawEvent", () -> {
          try (DuckDBAppender a = writer.createAppender("main", "SecurityIoTRawEvent")) {
            for (int k = 0; k < starts.size(); k++) {
              if (fresh[k]) {
                int end = k + 1 < starts.size() ? starts.get(k + 1) : events.size();
                for (int i = starts.get(k); i < end; i++) {
                  appendRow(a, events.get(i));
                }
              }
            }
          }
        });
        stored = true;
      } finally {
        release(writer);
      }
    } finally {
      recent.settle(prints, claim, received, stored);
    }
    Set<EventKey> keys = HashSet.newHashSet(starts.size());
    for (int k = 0; k < starts.size(); k++) {
      if (fresh[k]) {
        RawEvent e = events.get(starts.get(k));
        keys.add(new EventKey(e.deviceId(), e.eventId()));
      }
    }
    return keys;
  }

  /**
   * A connection of its own for one batch of raw events, so that the pipeline's writer threads
   * append at the same time (DuckDB's appends in different transactions do not conflict) and no
   * query or other write holds them up.
   */
  private DuckDBConnection writer() {
    DuckDBConnection c = writers.poll();
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("writing SecurityIoTRawEvent to " + file + " failed: the workspace is closed");
      }
      try {
        return connection.duplicate();
      } catch (SQLException e) {
        throw new IllegalStateException("writing SecurityIoTRawEvent to " + file + " failed: no connection: " + firstLine(e), e);
      }
    }
  }

  private void release(DuckDBConnection writer) {
    writers.push(writer);
    if (closed) {
      closeWriters();
    }
  }

  private void closeWriters() {
    for (DuckDBConnection c = writers.poll(); c != null; c = writers.poll()) {
      try {
        c.close();
      } catch (SQLException e) {
        // Closing the workspace's main connection below reports any real problem.
      }
    }
  }

  private static void appendRow(DuckDBAppender a, RawEvent e) throws SQLException {
    a.beginRow();
    a.appendEpochMicros(AlertRows.micros(e.timeGenerated()));
    a.append(e.deviceId());
    a.append(e.securityGroup());
    a.append(e.agentId());
    a.append(e.agentVersion());
    a.append(e.category());
    a.append(e.eventName());
    a.append(e.eventType());
    a.append(e.isEmpty());
    a.append(e.eventId());
    a.appendEpochMicros(AlertRows.micros(e.timeStamp()));
    a.append(e.payloadIndex());
    a.append(e.eventDetails());
    a.endRow();
  }

  /**
   * Fills the window of recent events from the rows stored last: those received within one
   * generation's span before the newest, at most one generation's worth, oldest first.
   */
  private static RecentEvents recentEvents(DuckDBConnection c) throws SQLException {
    RecentEvents recent = new RecentEvents();
    try (PreparedStatement p = c.prepareStatement("""
        SELECT DeviceId, EventId, epoch_us(TimeGenerated) FROM (
          SELECT DeviceId, EventId, TimeGenerated FROM SecurityIoTRawEvent
          WHERE PayloadIndex = 0
            AND TimeGenerated >= (SELECT max(TimeGenerated) FROM SecurityIoTRawEvent) - to_minutes(CAST(? AS BIGINT))
          ORDER BY TimeGenerated DESC LIMIT ?)
        ORDER BY epoch_us(TimeGenerated)""")) {
      p.setInt(1, RecentEvents.SPAN_MINUTES);
      p.setInt(2, RecentEvents.GENERATION_IDS);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          long micros = rs.getLong(3);
          recent.add(recent.fingerprint(rs.getString(1), rs.getString(2)),
              Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
        }
      }
    }
    return recent;
  }

  @Override
  public synchronized void appendHubOperations(List<HubOperationRow> operations) {
    if (operations.isEmpty()) {
      return;
    }
    inTransaction("HubOperation", () -> {
      try (DuckDBAppender a = connection.createAppender("main", "HubOperation")) {
        for (HubOperationRow op : operations) {
          a.beginRow();
          a.appendEpochMicros(AlertRows.micros(op.timeGenerated()));
          a.append(op.deviceId());
          a.append(op.operation());
          a.append(op.result());
          appendNullable(a, op.protocol());
          appendNullable(a, op.sourceIp());
          a.append(Json.object(op.details()));
          a.endRow();
        }
      }
    });
  }

  private static void appendNullable(DuckDBAppender a, String value) throws SQLException {
    if (value == null) {
      a.appendNull();
    } else {
      a.append(value);
    }
  }

  @Override
  public synchronized long deleteRawEvents(String securityGroup, Instant cutoff) {
    try (PreparedStatement p = connection.prepareStatement("DELETE FROM SecurityIoTRawEvent WHERE SecurityGroup = ? AND TimeGenerated < ?")) {
      p.setString(1, securityGroup);
      p.setObject(2, OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC));
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("deleting raw events of security group '" + securityGroup + "' before " + cutoff + " from "
          + file + " failed: " + firstLine(e), e);
    }
  }

  @Override
  public synchronized Set<String> rawEventGroups() {
    Set<String> groups = new java.util.TreeSet<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT SecurityGroup FROM SecurityIoTRawEvent")) {
      while (rs.next()) {
        groups.add(rs.getString(1));
      }
      return groups;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the security groups of " + file + " failed: " + firstLine(e), e);
    }
  }

  @Override
  public synchronized void appendAlerts(List<Alert> alerts) {
    writeAlerts(alerts, List.of());
  }

  @Override
  public synchronized Set<String> writeAlerts(List<Alert> opened, List<Alert> updated) {
    if (opened.isEmpty() && updated.isEmpty()) {
      return Set.of();
    }
    Set<String> missing = new HashSet<>();
    inTransaction("SecurityAlert", () -> {
      if (!opened.isEmpty()) {
        alertRows.append(opened);
      }
      if (!updated.isEmpty()) {
        missing.addAll(alertRows.updateOccurrences(updated));
      }
    });
    return missing;
  }

  @Override
  public synchronized List<Alert> alerts(AlertQuery query) {
    return reading("SecurityAlert", () -> alertRows.read(query));
  }

  @Override
  public synchronized Optional<Alert> alert(String systemAlertId) {
    return reading("SecurityAlert", () -> alertRows.byId(systemAlertId)).stream().findFirst();
  }

  @Override
  public synchronized boolean changeAlertStatus(AlertStatusChange change) {
    boolean[] changed = {false};
    inTransaction("AlertStatusChange", () -> changed[0] = alertRows.changeStatus(change));
    return changed[0];
  }

  @Override
  public synchronized List<AlertStatusChange> alertStatusChanges(String systemAlertId) {
    return reading("AlertStatusChange", () -> alertRows.changes(systemAlertId));
  }

  private interface SqlRead<T> {
    T run() throws SQLException;
  }

  private <T> T reading(String table, SqlRead<T> read) {
    try {
      return read.run();
    } catch (SQLException e) {
      throw new IllegalStateException("reading " + table + " from " + file + " failed: " + firstLine(e), e);
    }
  }

  @Override
  public synchronized void upsertRecommendations(List<Recommendation> recommendations) {
    if (!recommendations.isEmpty()) {
      inTransaction("SecurityRecommendation", () -> RecommendationRows.upsert(connection, recommendations));
    }
  }

  @Override
  public synchronized Set<String> updateRecommendations(List<Recommendation> recommendations) {
    if (recommendations.isEmpty()) {
      return Set.of();
    }
    Set<String> missing = new HashSet<>();
    inTransaction("SecurityRecommendation", () -> missing.addAll(RecommendationRows.updateHeld(connection, recommendations)));
    return missing;
  }

  @Override
  public synchronized List<Recommendation> activeRecommendations(String deviceId) {
    return reading("SecurityRecommendation", () -> RecommendationRows.active(connection, deviceId));
  }

  @Override
  public synchronized List<Recommendation> activeRecommendations() {
    return reading("SecurityRecommendation", () -> RecommendationRows.active(connection, null));
  }

  @Override
  public synchronized QueryResult query(String sql, int maxRows) throws QueryException {
    requireReadOnly(sql);
    try (Statement s = connection.createStatement()) {
      s.setMaxRows(maxRows + 1);
      try (ResultSet rs = s.executeQuery(sql)) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(md.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
          if (rows.size() == maxRows) {
            truncated = true;
            break;
          }
          List<Object> row = new ArrayList<>(columns.size());
          for (int i = 1; i <= columns.size(); i++) {
            row.add(value(rs.getObject(i)));
          }
          rows.add(row);
        }
        return new QueryResult(columns, rows, truncated);
      }
    } catch (SQLException e) {
      throw new QueryException(firstLine(e));
    }
  }

  /** Refuses anything DuckDB's own parser does not see as SELECT statements (one or more). */
  private void requireReadOnly(String sql) throws QueryException {
    if (sql == null || sql.isBlank()) {
      throw new QueryException("the query is empty");
    }
    try (PreparedStatement p = connection.prepareStatement("SELECT json_extract_string(json_serialize_sql(?), '$.error_message')")) {
      p.setString(1, sql);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        String error = rs.getString(1);
        if (error != null) {
          throw new QueryException(error.startsWith("Only SELECT")
              ? "only read-only queries (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) are allowed"
              : error);
        }
      }
    } catch (SQLException e) {
      throw new QueryException(firstLine(e));
    }
  }

  private static Object value(Object v) {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Byte b -> (long) b;
      case Short s -> (long) s;
      case Integer i -> (long) i;
      case Long l -> l;
      case Float f -> (double) f;
      case Double d -> d;
      case java.math.BigDecimal d -> d.doubleValue();
      case java.math.BigInteger i -> i.toString();
      case OffsetDateTime t -> t.toInstant().toString();
      case java.sql.Timestamp t -> t.toInstant().toString();
      default -> v.toString();
    };
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  private void inTransaction(String table, SqlWork work) {
    inTransaction(connection, table, work);
  }

  private void inTransaction(DuckDBConnection c, String table, SqlWork work) {
    try {
      c.setAutoCommit(false);
      try {
        work.run();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("writing " + table + " to " + file + " failed: " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeWriters();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing workspace " + file + " failed: " + firstLine(e), e);
    }
  }
}
