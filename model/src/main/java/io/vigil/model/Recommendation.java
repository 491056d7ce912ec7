package io.vigil.model;

import java.time.Instant;
import java.util.Map;

/**
 * A posture recommendation for a device, as stored in the {@code SecurityRecommendation} table.
 *
 * @param resolvedTime null while the recommendation is active
 */
public record Recommendation(
    String recommendationId,
    String deviceId,
    String name,
    String displayName,
    Severity severity,
    RecommendationState state,
    String description,
    String remediationSteps,
    Map<String, String> additionalData,
    Instant discoveredTime,
    Instant resolvedTime) {

  public Recommendation {
    Require.text(recommendationId, "recommendationId");
    Device.requireValidId(deviceId);
    Require.text(name, "name");
    Require.text(displayName, "displayName");
    Require.present(severity, "severity");
    Require.present(state, "state");
    description = description == null ? "" : description;
    remediationSteps = remediationSteps == null ? "" : remediationSteps;
    additionalData = Require.copy(additionalData, "additionalData");
    Require.present(discoveredTime, "discoveredTime");
    if ((state == RecommendationState.RESOLVED) != (resolvedTime != null)) {
      throw new IllegalArgumentException(
          "resolvedTime must be set exactly when state is Resolved (state " + state.wireName() + ", resolvedTime " + resolvedTime + ")");
    }
  }
}
