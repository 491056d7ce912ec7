package io.vigil.detect.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A rule exception, Falco-style: field conditions that, when an event meets all of them, suppress
 * the rule's match for that event without editing the rule. A field meets its condition when its
 * value equals one of the values given, ignoring case; {@code *} in a value stands for any run of
 * characters. For a correlation, the fields are its group-by values.
 *
 * @param name what the exception is for, as people read it (for example "backup job")
 * @param fields field name to the values it may have; at least one field, each with at least one value
 */
public record Suppression(String name, Map<String, List<String>> fields) {
  public Suppression {
    Objects.requireNonNull(name, "name");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    fields = java.util.Collections.unmodifiableMap(copy);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("exception '" + name + "' has no fields");
    }
    fields.forEach((k, v) -> {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("exception '" + name + "': field '" + k + "' has no values");
      }
    });
  }

  /** Whether the event meets every condition. */
  boolean covers(Function<String, String> event, Compiled compiled) {
    for (int i = 0; i < compiled.fields.length; i++) {
      String value = event.apply(compiled.fields[i]);
      if (value == null || !compiled.anyMatches(i, value.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /** The conditions ready to match: lower-cased values split at {@code *}. Built once per settings. */
  Compiled compile() {
    String[] names = fields.keySet().toArray(String[]::new);
    Wildcard[][] patterns = new Wildcard[names.length][];
    for (int i = 0; i < names.length; i++) {
      List<String> values = fields.get(names[i]);
      patterns[i] = new Wildcard[values.size()];
      for (int j = 0; j < values.size(); j++) {
        patterns[i][j] = Wildcard.of(values.get(j).toLowerCase(Locale.ROOT));
      }
    }
    return new Compiled(this, names, patterns);
  }

  record Compiled(Suppression source, String[] fields, Wildcard[][] patterns) {
    boolean covers(Function<String, String> event) {
      return source.covers(event, this);
    }

    boolean anyMatches(int field, String lower) {
      for (Wildcard pattern : patterns[field]) {
        if (pattern.matches(lower)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The fields as a list of "name=value|value" for messages. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add(k + "=" + String.join("|", v)));
    return name + " (" + String.join(", ", parts) + ")";
  }
}
