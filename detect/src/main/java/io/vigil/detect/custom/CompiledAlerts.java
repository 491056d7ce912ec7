package io.vigil.detect.custom;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The custom alert rules in force, ready for events: per group, the enabled lists by type with their
 * values compiled, and the enabled range rules. Immutable and thread-safe; built once per change.
 */
final class CompiledAlerts {
  /** An enabled list rule and its compiled values. */
  record ListRule(CustomAlertRule rule, ValueList values) {}

  /** One group's enabled rules. */
  record Group(Map<CustomAlertType, List<ListRule>> lists, List<CustomAlertRule> ranges) {
    List<ListRule> lists(CustomAlertType type) {
      return lists.getOrDefault(type, List.of());
    }
  }

  private final CustomAlerts source;
  private final Map<String, Group> groups = new HashMap<>();

  CompiledAlerts(CustomAlerts source) {
    this.source = source;
    source.groups().forEach((name, rules) -> {
      Map<CustomAlertType, List<ListRule>> lists = new EnumMap<>(CustomAlertType.class);
      List<CustomAlertRule> ranges = new ArrayList<>();
      for (CustomAlertRule r : rules) {
        if (!r.enabled()) {
          continue;
        }
        if (r.type().isList()) {
          lists.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(new ListRule(r, new ValueList(r)));
        } else {
          ranges.add(r);
        }
      }
      if (!lists.isEmpty() || !ranges.isEmpty()) {
        groups.put(name, new Group(lists, List.copyOf(ranges)));
      }
    });
  }

  CustomAlerts source() {
    return source;
  }

  /** The enabled rules of {@code group}; null when it has none. */
  Group group(String group) {
    return groups.get(group);
  }
}
