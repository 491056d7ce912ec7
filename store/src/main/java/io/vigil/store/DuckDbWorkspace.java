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
 * <p>Thread-safe: writes and queries are serialised on the one connection. File system access from
 * SQL ({@code read_csv}, {@code COPY}, {@code ATTACH} ...) is disabled, and only read-only
 * statements are accepted by {@link #query}.
 */
public final class DuckDbWorkspace implements Workspace {
  private final DuckDBConnection connection;
  private final Path file;
  private final AlertRows alertRows;

  private DuckDbWorkspace(DuckDBConnection connection, Path file) {
    this.connection = connection;
    this.file = file;
    this.alertRows = new AlertRows(connection);
  }

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
      }
      return new DuckDbWorkspace(c, file);
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
      return new DuckDbWorkspace(c, file);
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

  @Override
  public synchronized Set<EventKey> appendRawEvents(List<RawEvent> events) {
    if (events.isEmpty()) {
      return Set.of();
    }
    Set<EventKey> fresh = new HashSet<>();
    inTransaction("SecurityIoTRawEvent", () -> {
      fresh.addAll(newEventIds(events));
      try (DuckDBAppender a = connection.createAppender("main", "SecurityIoTRawEvent")) {
        for (RawEvent e : events) {
          if (!fresh.contains(new EventKey(e.deviceId(), e.eventId()))) {
            continue;
          }
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
      }
    });
    return fresh;
  }

  /**
   * Records the events' ids in {@code IngestedEvent} and returns those not seen before. Runs inside
   * the caller's transaction, so ids and rows commit together.
   */
  private Set<EventKey> newEventIds(List<RawEvent> events) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS IncomingEvent (DeviceId VARCHAR, EventId VARCHAR)");
      s.execute("DELETE FROM IncomingEvent");
    }
    try (DuckDBAppender a = connection.createAppender("temp", "main", "IncomingEvent")) {
      for (RawEvent e : events) {
        a.beginRow();
        a.append(e.deviceId());
        a.append(e.eventId());
        a.endRow();
      }
    }
    Set<EventKey> fresh = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(
            "INSERT OR IGNORE INTO IngestedEvent SELECT DISTINCT DeviceId, EventId FROM IncomingEvent RETURNING DeviceId, EventId")) {
      while (rs.next()) {
        fresh.add(new EventKey(rs.getString(1), rs.getString(2)));
      }
    }
    return fresh;
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
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
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
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing workspace " + file + " failed: " + firstLine(e), e);
    }
  }
}
