package io.vigil.hub.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON form of settings, read with every problem located by its JSON pointer:
 *
 * <pre>{@code
 * {"ipMasking": {"mode": "prefix", "ipv4Prefix": 24, "ipv6Prefix": 48},
 *  "twinDataCollection": true, "rawEventRetentionDays": 30, "securityMonitoring": true,
 *  "ipFilter": {"defaultAction": "allow", "rules": [{"name": "lab", "action": "deny", "cidr": "10.9.0.0/16"}]},
 *  "workspace": "default"}
 * }</pre>
 */
public final class SettingsJson {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("ipMasking", "twinDataCollection", "rawEventRetentionDays", "securityMonitoring", "ipFilter", "workspace");
  private static final Set<String> MASKING_FIELDS = Set.of("mode", "ipv4Prefix", "ipv6Prefix");
  private static final Set<String> FILTER_FIELDS = Set.of("defaultAction", "rules");
  private static final Set<String> RULE_FIELDS = Set.of("name", "action", "cidr");
  /** More rules than this are refused: each CONNECT walks them. */
  static final int MAX_RULES = 1000;

  private final List<String> problems = new ArrayList<>();

  private SettingsJson() {}

  /**
   * Reads the settings a scope sets; absent fields are not set.
   *
   * @param at the JSON pointer of {@code node}, "" for a request body
   * @throws SettingsException listing every problem
   */
  public static SettingsOverride parse(JsonNode node, String at) {
    SettingsJson reader = new SettingsJson();
    SettingsOverride o = reader.override(node, at);
    if (!reader.problems.isEmpty()) {
      throw new SettingsException(reader.problems);
    }
    return o;
  }

  private SettingsOverride override(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      problems.add(pointer(at) + ": must be a JSON object of settings");
      return SettingsOverride.NONE;
    }
    unknown(node, at, FIELDS);
    IpMasking masking = node.has("ipMasking") ? masking(node.get("ipMasking"), at + "/ipMasking") : null;
    Boolean twin = node.has("twinDataCollection") ? bool(node.get("twinDataCollection"), at + "/twinDataCollection") : null;
    Integer days = node.has("rawEventRetentionDays")
        ? integer(node.get("rawEventRetentionDays"), at + "/rawEventRetentionDays", 0, Settings.MAX_RETENTION_DAYS, " (0 keeps raw events for ever)")
        : null;
    Boolean monitoring = node.has("securityMonitoring") ? bool(node.get("securityMonitoring"), at + "/securityMonitoring") : null;
    IpFilter filter = node.has("ipFilter") ? filter(node.get("ipFilter"), at + "/ipFilter") : null;
    String workspace = node.has("workspace") ? workspace(node.get("workspace"), at + "/workspace") : null;
    return problems.isEmpty() ? new SettingsOverride(masking, twin, days, monitoring, filter, workspace) : SettingsOverride.NONE;
  }

  private String workspace(JsonNode node, String at) {
    if (!node.isTextual()) {
      problems.add(at + ": must be a workspace name, was " + node);
      return null;
    }
    try {
      return Settings.requireWorkspaceName(node.asText());
    } catch (IllegalArgumentException e) {
      problems.add(at + ": " + e.getMessage());
      return null;
    }
  }

  private IpMasking masking(JsonNode node, String at) {
    if (!node.isObject()) {
      problems.add(at + ": must be an object such as {\"mode\": \"prefix\", \"ipv4Prefix\": 24, \"ipv6Prefix\": 48}");
      return null;
    }
    unknown(node, at, MASKING_FIELDS);
    IpMasking.Mode mode = null;
    JsonNode m = node.get("mode");
    if (m == null || !m.isTextual()) {
      problems.add(at + "/mode: must be \"none\", \"prefix\" or \"hash\"");
    } else {
      try {
        mode = IpMasking.Mode.valueOf(m.asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at + "/mode: '" + m.asText() + "' is not \"none\", \"prefix\" or \"hash\"");
      }
    }
    Integer v4 = node.has("ipv4Prefix") ? integer(node.get("ipv4Prefix"), at + "/ipv4Prefix", 0, 32, "") : Integer.valueOf(IpMasking.NONE.ipv4Prefix());
    Integer v6 = node.has("ipv6Prefix") ? integer(node.get("ipv6Prefix"), at + "/ipv6Prefix", 0, 128, "") : Integer.valueOf(IpMasking.NONE.ipv6Prefix());
    return mode == null || v4 == null || v6 == null ? null : new IpMasking(mode, v4, v6);
  }

  private IpFilter filter(JsonNode node, String at) {
    if (!node.isObject()) {
      problems.add(at + ": must be an object such as {\"defaultAction\": \"allow\", \"rules\": [{\"action\": \"deny\", \"cidr\": \"10.0.0.0/8\"}]}");
      return null;
    }
    unknown(node, at, FILTER_FIELDS);
    IpRule.Action defaultAction = node.has("defaultAction") ? action(node.get("defaultAction"), at + "/defaultAction") : IpRule.Action.ALLOW;
    List<IpRule> rules = new ArrayList<>();
    JsonNode list = node.get("rules");
    if (list != null && !list.isArray()) {
      problems.add(at + "/rules: must be an array of rules");
    } else if (list != null && list.size() > MAX_RULES) {
      problems.add(at + "/rules: " + list.size() + " rules, at most " + MAX_RULES + " are allowed");
    } else if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        IpRule rule = rule(list.get(i), at + "/rules/" + i);
        if (rule != null) {
          rules.add(rule);
        }
      }
    }
    return defaultAction == null ? null : new IpFilter(rules, defaultAction);
  }

  private IpRule rule(JsonNode node, String at) {
    if (!node.isObject()) {
      problems.add(at + ": must be an object such as {\"action\": \"deny\", \"cidr\": \"10.0.0.0/8\"}");
      return null;
    }
    unknown(node, at, RULE_FIELDS);
    JsonNode name = node.get("name");
    if (name != null && !name.isTextual()) {
      problems.add(at + "/name: must be a string");
    }
    IpRule.Action action = node.has("action") ? action(node.get("action"), at + "/action") : null;
    if (!node.has("action")) {
      problems.add(at + "/action: is required, \"allow\" or \"deny\"");
    }
    Cidr cidr = null;
    JsonNode c = node.get("cidr");
    if (c == null || !c.isTextual()) {
      problems.add(at + "/cidr: is required, an IPv4 or IPv6 address or CIDR such as \"10.0.0.0/8\"");
    } else {
      try {
        cidr = Cidr.parse(c.asText());
      } catch (IllegalArgumentException e) {
        problems.add(at + "/cidr: " + e.getMessage());
      }
    }
    return action == null || cidr == null ? null : new IpRule(name == null ? "" : name.asText(), action, cidr);
  }

  private IpRule.Action action(JsonNode node, String at) {
    String text = node.isTextual() ? node.asText() : node.toString();
    if (node.isTextual() && (text.equals("allow") || text.equals("deny"))) {
      return IpRule.Action.valueOf(text.toUpperCase(Locale.ROOT));
    }
    problems.add(at + ": " + text + " is not \"allow\" or \"deny\"");
    return null;
  }

  private Boolean bool(JsonNode node, String at) {
    if (!node.isBoolean()) {
      problems.add(at + ": must be true or false, was " + node);
      return null;
    }
    return node.asBoolean();
  }

  private Integer integer(JsonNode node, String at, int min, int max, String note) {
    if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
      problems.add(at + ": must be a whole number from " + min + " to " + max + note + ", was " + node);
      return null;
    }
    return node.asInt();
  }

  private void unknown(JsonNode node, String at, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(at + "/" + name + ": unknown setting; known are " + known.stream().sorted().toList());
      }
    }
  }

  private static String pointer(String at) {
    return at.isEmpty() ? "/" : at;
  }

  /** The JSON form of full settings. */
  public static ObjectNode write(Settings s) {
    return write(new SettingsOverride(
        s.ipMasking(), s.twinDataCollection(), s.rawEventRetentionDays(), s.securityMonitoring(), s.ipFilter(), s.workspace()));
  }

  /** The JSON form of overrides: only the fields they set. */
  public static ObjectNode write(SettingsOverride o) {
    ObjectNode n = JSON.createObjectNode();
    if (o.ipMasking() != null) {
      n.putObject("ipMasking").put("mode", o.ipMasking().mode().name().toLowerCase(Locale.ROOT))
          .put("ipv4Prefix", o.ipMasking().ipv4Prefix()).put("ipv6Prefix", o.ipMasking().ipv6Prefix());
    }
    if (o.twinDataCollection() != null) {
      n.put("twinDataCollection", o.twinDataCollection());
    }
    if (o.rawEventRetentionDays() != null) {
      n.put("rawEventRetentionDays", o.rawEventRetentionDays());
    }
    if (o.securityMonitoring() != null) {
      n.put("securityMonitoring", o.securityMonitoring());
    }
    if (o.ipFilter() != null) {
      ObjectNode f = n.putObject("ipFilter");
      f.put("defaultAction", o.ipFilter().defaultAction().wireName());
      ArrayNode rules = f.putArray("rules");
      for (IpRule r : o.ipFilter().rules()) {
        ObjectNode rule = rules.addObject();
        if (!r.name().isEmpty()) {
          rule.put("name", r.name());
        }
        rule.put("action", r.action().wireName()).put("cidr", r.network().toString());
      }
    }
    if (o.workspace() != null) {
      n.put("workspace", o.workspace());
    }
    return n;
  }
}
