package io.vigil.detect.anomaly;

import io.vigil.model.Severity;
import java.util.function.ToIntFunction;

/** The sets a profile learns, each with the alert a new member raises. */
enum Kind {
  EXECUTABLE("IoT_AnomalousExecutable", "Executable never seen on this device", Severity.MEDIUM, "builtin:anomaly-executable",
      AnomalySettings::maxExecutables),
  ENDPOINT("IoT_AnomalousEndpoint", "Connection to an endpoint never seen from this device", Severity.LOW,
      "builtin:anomaly-endpoint", AnomalySettings::maxEndpoints),
  LISTENING_PORT("IoT_AnomalousListeningPort", "Listening port never seen on this device", Severity.MEDIUM,
      "builtin:anomaly-listening-port", AnomalySettings::maxPorts),
  LOGIN_USER("IoT_AnomalousLoginUser", "Login by a user never seen on this device", Severity.MEDIUM, "builtin:anomaly-login-user",
      AnomalySettings::maxUsers);

  final String alertName;
  final String displayName;
  final Severity severity;
  final String ruleId;
  private final ToIntFunction<AnomalySettings> limit;

  Kind(String alertName, String displayName, Severity severity, String ruleId, ToIntFunction<AnomalySettings> limit) {
    this.alertName = alertName;
    this.displayName = displayName;
    this.severity = severity;
    this.ruleId = ruleId;
    this.limit = limit;
  }

  int limit(AnomalySettings s) {
    return limit.applyAsInt(s);
  }
}
