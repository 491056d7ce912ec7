package io.vigil.store;

import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
import io.vigil.model.Severity;
import io.vigil.model.WireName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code SecurityRecommendation} rows on the caller's connection and transaction. */
final class RecommendationRows {
  private static final String UPSERT = """
      INSERT INTO SecurityRecommendation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?, ?)
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

  static void upsert(Connection c, List<Recommendation> recommendations) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(UPSERT)) {
      for (Recommendation r : recommendations) {
        p.setString(1, r.recommendationId());
        p.setString(2, r.deviceId());
        p.setString(3, r.name());
        p.setString(4, r.displayName());
        p.setString(5, r.severity().wireName());
        p.setString(6, r.state().wireName());
        p.setString(7, r.description());
        p.setString(8, r.remediationSteps());
        p.setString(9, Json.object(r.additionalData()));
        p.setObject(10, r.discoveredTime().atOffset(java.time.ZoneOffset.UTC));
        p.setObject(11, r.resolvedTime() == null ? null : r.resolvedTime().atOffset(java.time.ZoneOffset.UTC));
        // One statement per row: DuckDB refuses a batch that touches the same key twice.
        p.executeUpdate();
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
