package io.vigil.agent.collect.baseline;

import io.vigil.agent.collect.JsonValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code params} object of a policy entry, read with typed getters that name the parameter in
 * their errors. {@link #done()} then refuses any parameter no getter asked for, so a misspelt one is
 * an error rather than silently ignored.
 */
final class Params {
  private final Map<String, Object> values;
  private final Set<String> read = new HashSet<>();

  Params(Map<String, Object> values) {
    this.values = values;
  }

  /** A required string. */
  String string(String name) throws PolicyException {
    return optString(name).orElseThrow(() -> new PolicyException("params." + name + " is missing"));
  }

  Optional<String> optString(String name) throws PolicyException {
    Object v = take(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw new PolicyException("params." + name + " must be a string, found " + JsonValues.describe(v));
    }
    return Optional.of(s);
  }

  /** A required absolute path (it may end in a {@code *} pattern). */
  String path(String name) throws PolicyException {
    String p = string(name);
    if (!p.startsWith("/")) {
      throw new PolicyException("params." + name + " '" + p + "' must be an absolute path");
    }
    return p;
  }

  /** A required string or array of strings, as a list; never empty. */
  List<String> strings(String name) throws PolicyException {
    List<String> list = optStrings(name);
    if (list.isEmpty()) {
      throw new PolicyException("params." + name + " is missing");
    }
    return list;
  }

  /** A string or array of strings, as a list; empty when absent. */
  List<String> optStrings(String name) throws PolicyException {
    Object v = take(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s)) {
          throw new PolicyException("params." + name + "[" + i + "] must be a string, found " + JsonValues.describe(list.get(i)));
        }
        out.add(s);
      }
      return List.copyOf(out);
    }
    throw new PolicyException("params." + name + " must be a string or an array of strings, found " + JsonValues.describe(v));
  }

  /** An integer, or empty when absent. */
  Optional<Long> optLong(String name) throws PolicyException {
    Object v = take(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Long n)) {
      throw new PolicyException("params." + name + " must be an integer, found " + JsonValues.describe(v));
    }
    return Optional.of(n);
  }

  boolean bool(String name, boolean fallback) throws PolicyException {
    Object v = take(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new PolicyException("params." + name + " must be true or false, found " + JsonValues.describe(v));
    }
    return b;
  }

  /** An octal file mode such as {@code "0640"}, or empty when absent. */
  Optional<Integer> optMode(String name) throws PolicyException {
    Optional<String> s = optString(name);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (!s.get().matches("0?[0-7]{1,4}")) {
      throw new PolicyException("params." + name + " '" + s.get() + "' is not an octal mode such as 0640");
    }
    return Optional.of(Integer.parseInt(s.get(), 8));
  }

  /** Refuses any parameter that no getter asked for. */
  void done(String type) throws PolicyException {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new PolicyException("unknown parameter" + (unknown.size() > 1 ? "s " : " ") + "'" + String.join("', '", unknown)
          + "' for type '" + type + "'; it takes " + (read.isEmpty() ? "none" : String.join(", ", new TreeSet<>(read))));
    }
  }

  private Object take(String name) {
    read.add(name);
    return values.get(name);
  }
}
