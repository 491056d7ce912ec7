package io.vigil.detect.custom;

import io.vigil.model.SecurityGroup;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The custom alert rules of every security group. Immutable and thread-safe. Saved as {@code
 * DATA/custom-alerts.json} ({@link CustomAlertsJson}).
 *
 * @param groups per security group name, its rules (never empty: a group without rules is left out)
 */
public record CustomAlerts(Map<String, List<CustomAlertRule>> groups) {
  private static final CustomAlerts NONE = new CustomAlerts(Map.of());

  public CustomAlerts {
    TreeMap<String, List<CustomAlertRule>> copy = new TreeMap<>();
    groups.forEach((g, rules) -> {
      SecurityGroup.requireValidName(g);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (CustomAlertRule r : rules) {
        if (!seen.add(r.ruleId(g))) {
          throw new IllegalArgumentException("group '" + g + "' has " + r.ruleId(g) + " twice");
        }
      }
      if (!rules.isEmpty()) {
        copy.put(g, List.copyOf(rules));
      }
    });
    groups = Collections.unmodifiableMap(copy);
  }

  /** No rules in any group. */
  public static CustomAlerts none() {
    return NONE;
  }

  /** The rules of {@code group}; empty when it has none. */
  public List<CustomAlertRule> rules(String group) {
    return groups.getOrDefault(group, List.of());
  }

  /** These rules with {@code group}'s replaced by {@code rules} (an empty list removes the group's). */
  public CustomAlerts with(String group, List<CustomAlertRule> rules) {
    Map<String, List<CustomAlertRule>> next = new TreeMap<>(groups);
    next.put(group, rules);
    return new CustomAlerts(next);
  }
}
