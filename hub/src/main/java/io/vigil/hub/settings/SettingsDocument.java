package io.vigil.hub.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.SecurityGroup;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every scope's settings: the global ones and each security group's overrides. Immutable.
 *
 * <p>Its JSON form (the file {@code DATA/settings.json}) is
 * {@code {"global": {...settings...}, "securityGroups": {"lab": {...overrides...}}}}.
 */
record SettingsDocument(Settings global, Map<String, SettingsOverride> groups) {
  static final SettingsDocument DEFAULTS = new SettingsDocument(Settings.DEFAULTS, Map.of());

  SettingsDocument {
    groups = Map.copyOf(new TreeMap<>(groups));
  }

  Settings forGroup(String group) {
    SettingsOverride o = group == null ? null : groups.get(group);
    return o == null ? global : global.with(o);
  }

  SettingsDocument withGlobal(Settings s) {
    return new SettingsDocument(s, groups);
  }

  SettingsDocument withGroup(String group, SettingsOverride o) {
    Map<String, SettingsOverride> all = new TreeMap<>(groups);
    if (o.isEmpty()) {
      all.remove(group);
    } else {
      all.put(group, o);
    }
    return new SettingsDocument(global, all);
  }

  ObjectNode toJson() {
    ObjectNode root = SettingsJson.JSON.createObjectNode();
    root.set("global", SettingsJson.write(global));
    ObjectNode g = root.putObject("securityGroups");
    new TreeMap<>(groups).forEach((name, o) -> g.set(name, SettingsJson.write(o)));
    return root;
  }

  /**
   * Reads the JSON form.
   *
   * @throws SettingsException listing every problem with its JSON pointer
   */
  static SettingsDocument fromJson(JsonNode root) {
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new SettingsException(List.of("/: must be an object {\"global\": {...}, \"securityGroups\": {...}}"));
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("global") && !name.equals("securityGroups")) {
        problems.add("/" + name + ": unknown; known are [global, securityGroups]");
      }
    }
    Settings global = Settings.DEFAULTS;
    try {
      global = root.has("global") ? Settings.DEFAULTS.with(SettingsJson.parse(root.get("global"), "/global")) : Settings.DEFAULTS;
    } catch (SettingsException e) {
      problems.addAll(e.problems());
    }
    Map<String, SettingsOverride> groups = new TreeMap<>();
    JsonNode g = root.get("securityGroups");
    if (g != null && !g.isObject()) {
      problems.add("/securityGroups: must be an object of group name to settings");
    } else if (g != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = "/securityGroups/" + e.getKey().replace("~", "~0").replace("/", "~1");
        try {
          SecurityGroup.requireValidName(e.getKey());
          groups.put(e.getKey(), SettingsJson.parse(e.getValue(), at));
        } catch (SettingsException ex) {
          problems.addAll(ex.problems());
        } catch (IllegalArgumentException ex) {
          problems.add(at + ": " + ex.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return new SettingsDocument(global, groups);
  }
}
