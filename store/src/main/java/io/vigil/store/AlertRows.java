package io.vigil.store;

import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.model.WireName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Reads and writes the {@code SecurityAlert} and {@code AlertStatusChange} tables on one DuckDB
 * connection. Not thread-safe: {@link DuckDbWorkspace} calls it under its lock, inside its
 * transactions.
 */
final class AlertRows {
  private static final String COLUMNS = "SystemAlertId, TimeGenerated, AlertName, DisplayName, AlertSeverity, Description,"
      + " RemediationSteps, DeviceId, Entities::VARCHAR, ExtendedProperties::VARCHAR, Status, Count, FirstSeen, LastSeen, RuleId,"
      + " Tactics::VARCHAR, Techniques::VARCHAR";

  /** Where a batch of occurrences is staged, so that one UPDATE applies it all. */
  private static final String STAGE = "CREATE OR REPLACE TEMP TABLE AlertOccurrence"
      + " (SystemAlertId VARCHAR, Count BIGINT, FirstSeen TIMESTAMPTZ, LastSeen TIMESTAMPTZ, ExtendedProperties VARCHAR)";

  private final DuckDBConnection connection;

  AlertRows(DuckDBConnection connection) {
    this.connection = connection;
  }

  void append(List<Alert> alerts) throws SQLException {
    try (DuckDBAppender a = connection.createAppender("main", "SecurityAlert")) {
      for (Alert al : alerts) {
        a.beginRow();
        a.append(al.systemAlertId());
        a.appendEpochMicros(micros(al.timeGenerated()));
        a.append(al.alertName());
        a.append(al.displayName());
        a.append(al.severity().wireName());
        a.append(al.description());
        a.append(al.remediationSteps());
        a.append(al.deviceId());
        a.append(Json.object(al.entities()));
        a.append(Json.object(al.extendedProperties()));
        a.append(al.status().wireName());
        a.append(al.count());
        a.appendEpochMicros(micros(al.firstSeen()));
        a.appendEpochMicros(micros(al.lastSeen()));
        a.append(al.ruleId());
        a.append(Json.array(al.tactics()));
        a.append(Json.array(al.techniques()));
        a.endRow();
      }
    }
  }

  /**
   * Sets Count, FirstSeen, LastSeen and ExtendedProperties by SystemAlertId, with one UPDATE for the batch.
   *
   * @return the SystemAlertIds of {@code alerts} this workspace holds no row for
   */
  Set<String> updateOccurrences(List<Alert> alerts) throws SQLException {
    try (Statement s = connection.createStatement()) {
      // A new table each time, not the rows of the last deleted: DuckDB counts deleted rows in its
      // estimate, and once the stage looked larger than SecurityAlert the join turned round and
      // updated the alerts in random order, decompressing a column vector per row (1 ms a row).
      s.execute(STAGE);
    }
    try (DuckDBAppender a = connection.createAppender("temp", "main", "AlertOccurrence")) {
      for (Alert al : alerts) {
        a.beginRow();
        a.append(al.systemAlertId());
        a.append(al.count());
        a.appendEpochMicros(micros(al.firstSeen()));
        a.appendEpochMicros(micros(al.lastSeen()));
        a.append(Json.object(al.extendedProperties()));
        a.endRow();
      }
    }
    Set<String> missing = new HashSet<>();
    alerts.forEach(al -> missing.add(al.systemAlertId()));
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("UPDATE SecurityAlert SET Count = o.Count, FirstSeen = o.FirstSeen, LastSeen = o.LastSeen,"
            + " ExtendedProperties = o.ExtendedProperties::JSON FROM AlertOccurrence o WHERE SecurityAlert.SystemAlertId = o.SystemAlertId"
            + " RETURNING SecurityAlert.SystemAlertId")) {
      while (rs.next()) {
        missing.remove(rs.getString(1));
      }
    }
    return missing;
  }

  List<Alert> read(AlertQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM SecurityAlert WHERE true");
    List<Object> params = new ArrayList<>();
    if (!q.statuses().isEmpty()) {
      sql.append(" AND Status IN (").append("?, ".repeat(q.statuses().size() - 1)).append("?)");
      q.statuses().stream().map(AlertStatus::wireName).sorted().forEach(params::add);
    }
    if (q.deviceId() != null) {
      sql.append(" AND DeviceId = ?");
      params.add(q.deviceId());
    }
    if (q.since() != null) {
      sql.append(" AND LastSeen >= ?");
      params.add(OffsetDateTime.ofInstant(q.since(), java.time.ZoneOffset.UTC));
    }
    sql.append(" ORDER BY LastSeen DESC, SystemAlertId LIMIT ").append(q.limit());
    try (PreparedStatement p = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        p.setObject(i + 1, params.get(i));
      }
      return alerts(p);
    }
  }

  List<Alert> byId(String systemAlertId) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM SecurityAlert WHERE SystemAlertId = ?")) {
      p.setString(1, systemAlertId);
      return alerts(p);
    }
  }

  /** Moves the alert's status if it is still the old one, and records the change; false if it was not. */
  boolean changeStatus(AlertStatusChange c) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(
        "UPDATE SecurityAlert SET Status = ? WHERE SystemAlertId = ? AND Status = ?")) {
      p.setString(1, c.newStatus().wireName());
      p.setString(2, c.systemAlertId());
      p.setString(3, c.oldStatus().wireName());
      if (p.executeUpdate() == 0) {
        return false;
      }
    }
    try (PreparedStatement p = connection.prepareStatement("INSERT INTO AlertStatusChange VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      p.setObject(1, OffsetDateTime.ofInstant(c.timeGenerated(), java.time.ZoneOffset.UTC));
      p.setString(2, c.systemAlertId());
      p.setString(3, c.deviceId());
      p.setString(4, c.oldStatus().wireName());
      p.setString(5, c.newStatus().wireName());
      p.setString(6, c.actor());
      p.setString(7, c.comment());
      p.executeUpdate();
    }
    return true;
  }

  List<AlertStatusChange> changes(String systemAlertId) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("SELECT SystemAlertId, DeviceId, TimeGenerated, OldStatus, NewStatus, Actor,"
        + " Comment FROM AlertStatusChange WHERE SystemAlertId = ? ORDER BY TimeGenerated, rowid")) {
      p.setString(1, systemAlertId);
      List<AlertStatusChange> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new AlertStatusChange(rs.getString(1), rs.getString(2), instant(rs, 3), status(rs.getString(4)),
              status(rs.getString(5)), rs.getString(6), rs.getString(7)));
        }
      }
      return out;
    }
  }

  private static List<Alert> alerts(PreparedStatement p) throws SQLException {
    List<Alert> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(new Alert(
            rs.getString(1),
            rs.getString(3),
            rs.getString(4),
            WireName.parse(Severity.class, rs.getString(5)),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8),
            Json.parseObject(rs.getString(9)),
            Json.parseObject(rs.getString(10)),
            status(rs.getString(11)),
            rs.getLong(12),
            instant(rs, 13),
            instant(rs, 14),
            instant(rs, 2),
            rs.getString(15),
            Json.parseArray(rs.getString(16)),
            Json.parseArray(rs.getString(17))));
      }
    }
    return out;
  }

  private static AlertStatus status(String text) {
    return WireName.parse(AlertStatus.class, text);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** Microseconds since the epoch, as {@code ChronoUnit.MICROS.between(Instant.EPOCH, t)} gives them, without its general path (two per raw event row). */
  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
