package io.vigil.hub.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which top-level settings of one scope a change added, edited or deleted, as the hub's diagnostic
 * alerts need them. A setting is <em>set</em> by a scope when the scope holds a value for it other
 * than its unset value: for the global scope, a value other than the default; for a security
 * group, an override. Added: set after, not before. Edited: set before and after, to another
 * value. Deleted: set before, not after (an {@code unset}, a {@code reset}, a group's settings
 * removed, a global setting put back to its default).
 *
 * @param before the scope's settings before the change, as {@link SettingsJson} writes them
 * @param after the scope's settings after it
 * @param unset what the scope holds when it sets nothing
 */
record SettingsDiff(ObjectNode before, ObjectNode after, ObjectNode unset) {
  List<String> added() {
    return fields((b, a) -> b == null && a != null);
  }

  List<String> edited() {
    return fields((b, a) -> b != null && a != null && !b.equals(a));
  }

  List<String> deleted() {
    return fields((b, a) -> b != null && a == null);
  }

  /** {@code Added}, {@code Edited} and {@code Deleted}: each the comma-separated field names, present only when some are. */
  Map<String, String> details() {
    Map<String, String> out = new LinkedHashMap<>();
    put(out, "Added", added());
    put(out, "Edited", edited());
    put(out, "Deleted", deleted());
    return out;
  }

  private static void put(Map<String, String> out, String key, List<String> fields) {
    if (!fields.isEmpty()) {
      out.put(key, String.join(",", fields));
    }
  }

  private interface Kind {
    boolean is(JsonNode before, JsonNode after);
  }

  private List<String> fields(Kind kind) {
    Set<String> names = new TreeSet<>();
    before.fieldNames().forEachRemaining(names::add);
    after.fieldNames().forEachRemaining(names::add);
    List<String> out = new ArrayList<>();
    for (String f : names) {
      if (kind.is(set(before, f), set(after, f))) {
        out.add(f);
      }
    }
    return out;
  }

  /** The scope's value of {@code field}, or null when it does not set it. */
  private JsonNode set(ObjectNode scope, String field) {
    JsonNode v = scope.get(field);
    return v == null || v.isNull() || v.equals(unset.get(field)) ? null : v;
  }
}
