package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code correlation} section of a correlation rule. */
final class CorrelationParser {
  static final Set<String> TYPES = Set.of("event_count", "value_count", "temporal", "temporal_ordered");
  private static final Set<String> OPS = Set.of("gt", "gte", "lt", "lte", "eq", "neq");
  private static final Pattern TIMESPAN = Pattern.compile("(\\d{1,9})([smhdw])");

  private CorrelationParser() {}

  /** The correlation type, checked. */
  static String type(YamlNode.Map correlation, int line) {
    String type = RuleParser.text(correlation, "type");
    if (type == null) {
      throw new RuleException(line, "the correlation has no 'type'");
    }
    if (!TYPES.contains(type)) {
      throw new RuleException(correlation.get("type").line(), "unsupported correlation type '" + type
          + "' (supported: event_count, value_count, temporal, temporal_ordered)");
    }
    return type;
  }

  static CorrelationDef parse(YamlNode.Map doc, YamlNode.Map correlation, SigmaRule info) {
    String type = info.correlationType();
    int line = doc.keyLine("correlation");
    List<CorrelationDef.Reference> rules = references(correlation, line);
    List<String> groupBy = RuleParser.strings(correlation, "group-by");
    YamlNode timespanNode = correlation.get("timespan");
    if (timespanNode == null) {
      throw new RuleException(line, "the correlation has no 'timespan'");
    }
    long timespan = timespan(RuleParser.text(correlation, "timespan"), timespanNode.line());
    YamlNode conditionNode = correlation.get("condition");
    List<CorrelationDef.Bound> bounds = new ArrayList<>();
    String field = null;
    if (conditionNode == null) {
      if (!type.startsWith("temporal")) {
        throw new RuleException(line, "a " + type + " correlation needs a 'condition'");
      }
      bounds.add(new CorrelationDef.Bound("gte", rules.size()));
    } else {
      if (conditionNode instanceof YamlNode.Scalar s) {
        throw new RuleException(s.line(), "extended correlation conditions ('" + s.text() + "') are not supported; use a map such as 'gte: 5'");
      }
      YamlNode.Map condition = RuleParser.map(conditionNode, "condition");
      for (YamlNode.Entry e : condition.entries()) {
        String key = e.key().text();
        if (key.equals("field")) {
          if (!(e.value() instanceof YamlNode.Scalar f) || f.isNull()) {
            throw new RuleException(e.value().line(), "the condition's 'field' must name one field");
          }
          field = f.text();
        } else if (OPS.contains(key)) {
          bounds.add(new CorrelationDef.Bound(key, count(e)));
        } else {
          throw new RuleException(e.key().line(), "unknown correlation condition '" + key + "' (known: gt, gte, lt, lte, eq, neq, field)");
        }
      }
      if (bounds.isEmpty()) {
        throw new RuleException(condition.line(), "the correlation condition needs one of gt, gte, lt, lte, eq, neq");
      }
    }
    if (type.equals("value_count") && field == null) {
      throw new RuleException(line, "a value_count correlation needs 'field' in its condition");
    }
    if (!type.equals("value_count") && field != null) {
      throw new RuleException(conditionNode.line(), "'field' belongs only to value_count correlations");
    }
    YamlNode generate = correlation.get("generate") != null ? correlation.get("generate") : doc.get("generate");
    if (generate != null && !(generate instanceof YamlNode.Scalar g && g.kind() == YamlNode.Kind.BOOL)) {
      throw new RuleException(generate.line(), "'generate' must be true or false");
    }
    boolean generates = generate != null && ((YamlNode.Scalar) generate).text().equals("true");
    return new CorrelationDef(info, type, rules, groupBy, aliases(correlation), timespan, List.copyOf(bounds), field, generates);
  }

  private static List<CorrelationDef.Reference> references(YamlNode.Map correlation, int line) {
    YamlNode node = correlation.get("rules");
    if (node == null) {
      throw new RuleException(line, "the correlation has no 'rules'");
    }
    List<YamlNode> items = node instanceof YamlNode.Seq seq ? seq.items() : List.of(node);
    if (items.isEmpty()) {
      throw new RuleException(node.line(), "the correlation's 'rules' is empty");
    }
    List<CorrelationDef.Reference> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (YamlNode item : items) {
      if (!(item instanceof YamlNode.Scalar s) || s.isNull() || s.text().isBlank()) {
        throw new RuleException(item.line(), "'rules' must list rule ids or names");
      }
      if (!seen.add(s.text())) {
        throw new RuleException(s.line(), "rule '" + s.text() + "' is listed twice");
      }
      out.add(new CorrelationDef.Reference(s.text(), s.line()));
    }
    return List.copyOf(out);
  }

  private static Map<String, Map<String, String>> aliases(YamlNode.Map correlation) {
    YamlNode node = correlation.get("aliases");
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    for (YamlNode.Entry alias : RuleParser.map(node, "aliases").entries()) {
      Map<String, String> byRule = new LinkedHashMap<>();
      for (YamlNode.Entry e : RuleParser.map(alias.value(), "aliases." + alias.key().text()).entries()) {
        if (!(e.value() instanceof YamlNode.Scalar f) || f.isNull()) {
          throw new RuleException(e.value().line(), "alias '" + alias.key().text() + "' must map rule names to field names");
        }
        byRule.put(e.key().text(), f.text());
      }
      out.put(alias.key().text(), byRule);
    }
    return out;
  }

  /** Milliseconds of a timespan such as {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code 1w}. */
  static long timespan(String text, int line) {
    Matcher m = TIMESPAN.matcher(text == null ? "" : text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new RuleException(line, "invalid timespan '" + text + "' (expected a positive number and one of s, m, h, d, w, such as 10m)");
    }
    long unit = switch (m.group(2)) {
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      case "d" -> 86_400_000L;
      default -> 604_800_000L;
    };
    return Long.parseLong(m.group(1)) * unit;
  }

  private static long count(YamlNode.Entry e) {
    if (e.value() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.INT) {
      try {
        long v = Long.parseLong(s.text());
        if (v >= 0) {
          return v;
        }
      } catch (NumberFormatException ignored) {
        // reported below with the offending text
      }
    }
    String got = e.value() instanceof YamlNode.Scalar s ? "'" + s.text() + "'" : YamlNode.describe(e.value());
    throw new RuleException(e.value().line(), "correlation condition '" + e.key().text() + "' needs a whole number, got " + got);
  }
}
