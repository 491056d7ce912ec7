package io.vigil.detect.custom;

import static io.vigil.detect.settings.StrictJson.array;
import static io.vigil.detect.settings.StrictJson.bool;
import static io.vigil.detect.settings.StrictJson.describe;
import static io.vigil.detect.settings.StrictJson.duration;
import static io.vigil.detect.settings.StrictJson.escape;
import static io.vigil.detect.settings.StrictJson.integer;
import static io.vigil.detect.settings.StrictJson.object;
import static io.vigil.detect.settings.StrictJson.problem;
import static io.vigil.detect.settings.StrictJson.text;
import static io.vigil.detect.settings.StrictJson.tree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.detect.custom.CustomAlertRule.ListMode;
import io.vigil.detect.sigma.Cidr;
import io.vigil.model.SecurityGroup;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes custom alert rules as JSON. The file ({@code DATA/custom-alerts.json}) is
 * {@code {"groups": {"GROUP": [RULE, ...]}}}; the API's body for one group is {@code
 * {"customAlerts": [RULE, ...]}}. A rule is
 *
 * <pre>{@code
 * {"type": "ProcessNotAllowed", "list": "allow", "enabled": true, "values": ["/usr/bin/*", "/opt/app/run"]}
 * {"type": "FailedLocalLoginsNotInAllowedRange", "enabled": true, "min": 0, "max": 5, "window": "PT5M"}
 * }</pre>
 *
 * <p>Reading is strict: an unknown key, type or value, a type Vigil refuses, a bad IP or CIDR, or a
 * list given twice is refused with {@code WHERE: /json/pointer: what is wrong}. {@code enabled}
 * defaults to true.
 */
public final class CustomAlertsJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final Set<String> LIST_KEYS = Set.of("type", "list", "enabled", "values");
  private static final Set<String> RANGE_KEYS = Set.of("type", "enabled", "min", "max", "window");

  private CustomAlertsJson() {}

  /**
   * Reads the file's rules of every group.
   *
   * @param where names the text in messages (a file name)
   * @throws IllegalArgumentException as {@code WHERE: /json/pointer: what is wrong}
   */
  public static CustomAlerts parse(String json, String where) {
    Map<String, Object> top = object(tree(json, where), "", where, Set.of("groups"));
    Map<String, List<CustomAlertRule>> groups = new LinkedHashMap<>();
    if (top.get("groups") != null) {
      object(top.get("groups"), "/groups", where, null).forEach((g, rules) -> {
        String at = "/groups/" + escape(g);
        group(g, at, where);
        groups.put(g, rules(rules, at, where));
      });
    }
    return new CustomAlerts(groups);
  }

  /**
   * Reads one group's rules, as the API's body gives them: {@code {"customAlerts": [...]}}.
   *
   * @throws IllegalArgumentException as {@code WHERE: /json/pointer: what is wrong}
   */
  public static List<CustomAlertRule> parseGroup(String json, String where) {
    Map<String, Object> top = object(tree(json, where), "", where, Set.of("customAlerts"));
    if (!top.containsKey("customAlerts")) {
      throw problem(where, "/customAlerts", "an array of rules is required (an empty one removes the group's rules)");
    }
    return rules(top.get("customAlerts"), "/customAlerts", where);
  }

  /** The rules of every group as pretty-printed JSON, in the format {@link #parse} reads. */
  public static String write(CustomAlerts alerts) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeObjectFieldStart("groups");
      for (Map.Entry<String, List<CustomAlertRule>> e : alerts.groups().entrySet()) {
        g.writeFieldName(e.getKey());
        writeRules(g, e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  /** The rules as a JSON array, each as {@link #parseGroup} reads it. */
  public static void writeRules(JsonGenerator g, List<CustomAlertRule> rules) throws IOException {
    g.writeStartArray();
    for (CustomAlertRule r : rules) {
      g.writeStartObject();
      g.writeStringField("type", r.type().alertName());
      if (r.type().isList()) {
        g.writeStringField("list", r.list().wireName());
        g.writeBooleanField("enabled", r.enabled());
        g.writeArrayFieldStart("values");
        for (String v : r.values()) {
          g.writeString(v);
        }
        g.writeEndArray();
      } else {
        g.writeBooleanField("enabled", r.enabled());
        g.writeNumberField("min", r.min());
        g.writeNumberField("max", r.max());
        g.writeStringField("window", r.window().toString());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void group(String name, String at, String where) {
    try {
      SecurityGroup.requireValidName(name);
    } catch (IllegalArgumentException e) {
      throw problem(where, at, e.getMessage());
    }
  }

  private static List<CustomAlertRule> rules(Object value, String at, String where) {
    List<?> given = array(value, at, where);
    List<CustomAlertRule> rules = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < given.size(); i++) {
      CustomAlertRule r = rule(given.get(i), at + "/" + i, where);
      String key = r.type().alertName() + (r.list() == null ? "" : " " + r.list().wireName() + "-list");
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        throw problem(where, at + "/" + i, "a second " + key + "; give each rule once (add to " + at + "/" + first + ")");
      }
      rules.add(r);
    }
    return rules;
  }

  private static CustomAlertRule rule(Object value, String at, String where) {
    Map<String, Object> r = object(value, at, where, null);
    String name = text(r.get("type"), at + "/type", where);
    CustomAlertType type = CustomAlertType.byName(name).orElseThrow(() -> problem(where, at + "/type",
        "unknown custom alert type \"" + name + "\" (supported: " + CustomAlertType.supportedNames() + ")"));
    if (!type.supported()) {
      throw problem(where, at + "/type", name + " is not supported: " + type.unsupportedReason() + ", so it could never fire");
    }
    object(value, at, where, type.isList() ? LIST_KEYS : RANGE_KEYS);
    boolean enabled = r.get("enabled") == null || bool(r.get("enabled"), at + "/enabled", where);
    if (type.isList()) {
      return CustomAlertRule.list(type, mode(r.get("list"), at + "/list", where), enabled, values(type, r.get("values"), at + "/values", where));
    }
    for (String key : List.of("min", "max", "window")) {
      if (r.get(key) == null) {
        throw problem(where, at + "/" + key, "required for a range rule");
      }
    }
    long min = integer(r.get("min"), at + "/min", where);
    long max = integer(r.get("max"), at + "/max", where);
    if (min < 0) {
      throw problem(where, at + "/min", "must be 0 or more, was " + min);
    }
    if (max < min) {
      throw problem(where, at + "/max", "must be at least min (" + min + "), was " + max);
    }
    Duration window = duration(r.get("window"), at + "/window", where);
    if (window.compareTo(CustomAlertRule.MIN_WINDOW) < 0 || window.compareTo(CustomAlertRule.MAX_WINDOW) > 0) {
      throw problem(where, at + "/window", "must be from " + CustomAlertRule.MIN_WINDOW + " to " + CustomAlertRule.MAX_WINDOW
          + ", was \"" + r.get("window") + "\"");
    }
    return CustomAlertRule.range(type, enabled, min, max, window);
  }

  private static ListMode mode(Object v, String at, String where) {
    if ("allow".equals(v)) {
      return ListMode.ALLOW;
    }
    if ("deny".equals(v)) {
      return ListMode.DENY;
    }
    throw problem(where, at, "\"allow\" or \"deny\" is required, was " + describe(v));
  }

  private static List<String> values(CustomAlertType type, Object v, String at, String where) {
    if (v == null) {
      throw problem(where, at, "an array of values is required");
    }
    List<?> given = array(v, at, where);
    if (given.isEmpty() || given.size() > CustomAlertRule.MAX_VALUES) {
      throw problem(where, at, "1 to " + CustomAlertRule.MAX_VALUES + " values are required, were " + given.size());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String value = text(given.get(i), at + "/" + i, where);
      if (type.valueKind() == CustomAlertType.Values.IP) {
        try {
          Cidr.parse(value);
        } catch (IllegalArgumentException e) {
          throw problem(where, at + "/" + i, "an IP address or CIDR network is required, was \"" + value + "\"");
        }
      }
      out.add(value);
    }
    return out;
  }
}
