package io.vigil.agent.collect.baseline;

import io.vigil.agent.collect.JsonValues;
import io.vigil.model.event.OSBaseline.CheckSeverity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates one check object of a policy and builds its {@link CheckSpec}.
 *
 * <p>Fields: {@code id}, {@code group}, {@code title}, {@code rationale}, {@code remediation},
 * {@code severity} (Critical, Important, Warning, Informational), {@code type} and {@code params}
 * are required; {@code cis}, {@code requires_package} (a name or an array) and {@code
 * requires_path} are optional. Every problem found is reported, each naming the line, the id and
 * the field.
 */
final class CheckEntry {
  private static final Set<String> FIELDS = Set.of("id", "group", "title", "rationale", "remediation", "severity", "type",
      "params", "cis", "requires_package", "requires_path");

  private final String source;
  private final int line;
  private final Map<String, Object> fields;
  private final Map<String, Integer> idLines;
  private final List<String> errors = new ArrayList<>();

  /** @param idLines the ids loaded so far and their lines, to refuse duplicates; this entry's id is added */
  CheckEntry(String source, int line, Map<String, Object> fields, Map<String, Integer> idLines) {
    this.source = source;
    this.line = line;
    this.fields = fields;
    this.idLines = idLines;
  }

  /** Adds the check to {@code checks}, or each of its problems to {@code problems}. */
  void build(List<CheckSpec> checks, List<Policy.Problem> problems) {
    String id = required("id");
    if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      errors.add("field 'id' is '" + id + "'; expected letters, digits, '.', '_' and '-' (at most 64)");
    }
    String group = required("group");
    String title = required("title");
    String rationale = required("rationale");
    String remediation = required("remediation");
    CheckSeverity severity = severity(required("severity"));
    String type = required("type");
    String cis = optional("cis");
    String requiresPath = optional("requires_path");
    if (requiresPath != null && !requiresPath.startsWith("/")) {
      errors.add("field 'requires_path' is '" + requiresPath + "'; expected an absolute path");
    }
    List<String> requiresPackages = packages();
    for (String name : fields.keySet()) {
      if (!FIELDS.contains(name)) {
        errors.add("unknown field '" + name + "'");
      }
    }
    Probe probe = null;
    Object params = fields.get("params");
    if (!(params instanceof Map<?, ?>)) {
      errors.add(params == null ? "missing field 'params'" : "field 'params' must be an object, found " + JsonValues.describe(params));
    } else if (type != null) {
      try {
        @SuppressWarnings("unchecked")
        Params p = new Params((Map<String, Object>) params);
        probe = CheckTypes.create(type, p);
      } catch (PolicyException e) {
        errors.add(e.getMessage());
      }
    }
    if (id != null) {
      Integer first = idLines.putIfAbsent(id, line);
      if (first != null) {
        errors.add("duplicate id (first defined at line " + first + ")");
      }
    }
    String who = source + " line " + line + ": check " + (id != null ? id : "without an id") + ": ";
    if (errors.isEmpty()) {
      checks.add(new CheckSpec(id, group, title, rationale, remediation, severity, cis, requiresPackages, requiresPath, type,
          probe, line));
    } else {
      errors.forEach(e -> problems.add(new Policy.Problem(id, group, who + e)));
    }
  }

  private String required(String name) {
    Object v = fields.get(name);
    if (v == null) {
      errors.add("missing field '" + name + "'");
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      errors.add("field '" + name + "' must be a non-empty string, found " + JsonValues.describe(v));
      return null;
    }
    return s;
  }

  private String optional(String name) {
    Object v = fields.get(name);
    if (v != null && !(v instanceof String)) {
      errors.add("field '" + name + "' must be a string, found " + JsonValues.describe(v));
      return null;
    }
    return (String) v;
  }

  private CheckSeverity severity(String value) {
    if (value == null) {
      return null;
    }
    for (CheckSeverity s : CheckSeverity.values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    errors.add("field 'severity' is '" + value + "'; expected one of Critical, Important, Warning, Informational");
    return null;
  }

  private List<String> packages() {
    Object v = fields.get("requires_package");
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
      return list.stream().map(String.class::cast).toList();
    }
    errors.add("field 'requires_package' must be a package name or a non-empty array of names, found " + JsonValues.describe(v));
    return List.of();
  }
}
