package io.vigil.store;

import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
import io.vigil.model.Severity;
import io.vigil.model.WireName;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code SecurityRecommendation} rows on the caller's connection and transaction. */
final class RecommendationRows {
  /**
   * Where a batch is staged, so that one statement upserts it all: a new table each time, as
   * DuckDB's estimates count the deleted rows of a reused one (see {@link AlertRows#STAGE}).
   */
  private static final String STAGE = """
      CREATE OR REPLACE TEMP TABLE IncomingRecommendation AS SELECT * FROM SecurityRecommendation WITH NO DATA""";
  private static final String UPSERT = """
      INSERT INTO SecurityRecommendation SELECT * FROM IncomingRecommendation
      ON CONFLICT (RecommendationId) DO UPDATE SET
        RecommendationDisplayName = excluded.RecommendationDisplayName,
        RecommendationSeverity = excluded.RecommendationSeverity,
        DiscoveredTimeUTC = CASE WHEN SecurityRecommendation.RecommendationState = 'Resolved' AND excluded.RecommendationState = 'Active'
          THEN excluded.DiscoveredTimeUTC ELSE SecurityRecommendation.DiscoveredTimeUTC END,
        RecommendationState = excluded.RecommendationState,
        Description = excluded.Description,
        RemediationSteps = excluded.RemediationSteps,
        AdditionalData = excluded.AdditionalData,
        ResolvedTimeUTC = excluded.ResolvedTimeUTC""";

  private RecommendationRows() {}

  /**
   * Upserts the batch with one statement: thousands of rows (a registry check of a large fleet) in
   * milliseconds rather than one statement each. Of several versions of one recommendation in the
   * batch, the last wins (DuckDB refuses a statement that touches a key twice).
   */
  static void upsert(DuckDBConnection c, List<Recommendation> recommendations) throws SQLException {
    stage(c, recommendations);
    try (Statement s = c.createStatement()) {
      s.execute(UPSERT);
    }
  }

  /**
   * Updates the recommendations of the batch that this workspace holds (by RecommendationId), as
   * {@link #upsert} would, and leaves the others alone.
   *
   * @return the RecommendationIds of those it does not hold
   */
  static Set<String> updateHeld(DuckDBConnection c, List<Recommendation> recommendations) throws SQLException {
    stage(c, recommendations);
    Set<String> missing = new HashSet<>();
    String notHeld = " FROM IncomingRecommendation WHERE RecommendationId NOT IN (SELECT RecommendationId FROM SecurityRecommendation)";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT RecommendationId" + notHeld)) {
      while (rs.next()) {
        missing.add(rs.getString(1));
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("DELETE" + notHeld);
      s.execute(UPSERT);
    }
    return missing;
  }

  private static void stage(DuckDBConnection c, List<Recommendation> recommendations) throws SQLException {
    Map<String, Recommendation> last = new LinkedHashMap<>();
    recommendations.forEach(r -> last.put(r.recommendationId(), r));
    try (Statement s = c.createStatement()) {
      s.execute(STAGE);
    }
    try (DuckDBAppender a = c.createAppender("temp", "main", "IncomingRecommendation")) {
      for (Recommendation r : last.values()) {
        a.beginRow();
        a.append(r.recommendationId());
        a.append(r.deviceId());
        a.append(r.name());
        a.append(r.displayName());
        a.append(r.severity().wireName());
        a.append(r.state().wireName());
        a.append(r.description());
        a.append(r.remediationSteps());
        a.append(Json.object(r.additionalData()));
        a.appendEpochMicros(AlertRows.micros(r.discoveredTime()));
        if (r.resolvedTime() == null) {
          a.appendNull();
        } else {
          a.appendEpochMicros(AlertRows.micros(r.resolvedTime()));
        }
        a.endRow();
      }
    }
  }

  /** The Active recommendations of {@code deviceId}, or of every device when it is null. */
  static List<Recommendation> active(Connection c, String deviceId) throws SQLException {
    List<Recommendation> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("""
        SELECT RecommendationId, RecommendationName, RecommendationDisplayName, RecommendationSeverity, Description,
               RemediationSteps, AdditionalData, DiscoveredTimeUTC, DeviceId
        FROM SecurityRecommendation WHERE (? IS NULL OR DeviceId = ?) AND RecommendationState = 'Active'
        ORDER BY DeviceId, RecommendationId""")) {
      p.setString(1, deviceId);
      p.setString(2, deviceId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new Recommendation(rs.getString(1), rs.getString(9), rs.getString(2), rs.getString(3),
              WireName.parse(Severity.class, rs.getString(4)), RecommendationState.ACTIVE, rs.getString(5), rs.getString(6),
              Json.parseObject(rs.getString(7)), instant(rs.getObject(8)), null));
        }
      }
    }
    return out;
  }

  private static java.time.Instant instant(Object value) {
    return switch (value) {
      case OffsetDateTime t -> t.toInstant();
      case Timestamp t -> t.toInstant();
      default -> throw new IllegalStateException("unexpected timestamp value " + value);
    };
  }
}
