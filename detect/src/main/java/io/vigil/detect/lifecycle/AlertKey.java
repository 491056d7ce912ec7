package io.vigil.detect.lifecycle;

import io.vigil.model.Alert;
import java.util.Map;

/**
 * What makes occurrences the same alert: the rule, the alert name (one rule may raise several
 * kinds, as threat intelligence does), the device and the grouping entities ({@link Grouping}).
 */
record AlertKey(String ruleId, String alertName, String deviceId, Map<String, String> grouping) {
  AlertKey {
    grouping = Map.copyOf(grouping);
  }

  static AlertKey of(Alert a) {
    return new AlertKey(a.ruleId(), a.alertName(), a.deviceId(), Grouping.of(a));
  }
}
