package io.vigil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.vigil.detect.risk.RiskScore;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.model.Severity;
import io.vigil.model.WireName;
import io.vigil.store.QueryException;
import io.vigil.store.Workspace;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/devices/{id}/risk}: the device's risk score (0-100) from its open alerts and
 * active recommendations, with the contributions that make it up (see {@link RiskScore}).
 */
final class RiskRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RiskRoutes() {}

  static void add(RoutesConfig routes, DeviceRegistry registry, Workspace workspace) {
    routes.get("/api/v1/devices/{id}/risk", ctx -> ApiServer.withDevice(ctx, registry, d -> {
      try {
        ApiServer.json(ctx, 200, json(d.deviceId(), score(workspace, d.deviceId())));
      } catch (QueryException e) {
        ApiServer.error(ctx, 500, "reading the device's alerts and recommendations failed: " + e.getMessage());
      }
    }));
  }

  static RiskScore score(Workspace workspace, String deviceId) throws QueryException {
    String id = "'" + deviceId.replace("'", "''") + "'";
    Map<Severity, Long> alerts = new EnumMap<>(Severity.class);
    long anomalies = 0;
    for (List<Object> row : workspace.query("SELECT AlertSeverity, AlertName LIKE 'IoT_Anomalous%', count(*) FROM SecurityAlert WHERE DeviceId = "
        + id + " AND Status NOT IN ('Resolved', 'Dismissed') GROUP BY ALL", 100).rows()) {
      if ((Boolean) row.get(1)) {
        anomalies += (Long) row.get(2);
      } else {
        alerts.merge(WireName.parse(Severity.class, (String) row.get(0)), (Long) row.get(2), Long::sum);
      }
    }
    Map<String, Map<Severity, Long>> recommendations = new HashMap<>();
    for (List<Object> row : workspace.query("SELECT RecommendationName, RecommendationSeverity, count(*) FROM SecurityRecommendation"
        + " WHERE DeviceId = " + id + " AND RecommendationState = 'Active' GROUP BY ALL", 1000).rows()) {
      recommendations.computeIfAbsent((String) row.get(0), k -> new EnumMap<>(Severity.class))
          .put(WireName.parse(Severity.class, (String) row.get(1)), (Long) row.get(2));
    }
    return RiskScore.of(alerts, anomalies, recommendations);
  }

  private static ObjectNode json(String deviceId, RiskScore score) {
    ObjectNode out = JSON.createObjectNode().put("deviceId", deviceId).put("score", score.score());
    ArrayNode contributions = out.putArray("contributions");
    for (RiskScore.Contribution c : score.contributions()) {
      contributions.addObject().put("factor", c.factor()).put("points", c.points()).put("detail", c.detail());
    }
    return out;
  }
}
