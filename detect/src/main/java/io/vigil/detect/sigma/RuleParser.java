package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one YAML document into a detection rule (compiled) or a correlation rule (not yet
 * resolved), checking every construct and naming the first unsupported or malformed one.
 */
final class RuleParser {
  private static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
  private static final Set<String> VIGIL_FIELDS = Set.of("vigil.alertName", "vigil.remediation");

  private final FieldCompiler fields;

  RuleParser(FieldCompiler fields) {
    this.fields = fields;
  }

  /**
   * Parses one document.
   *
   * @param fallbackId the id to use when the rule has neither {@code id} nor {@code name}
   * @return a {@link DetectionRule} or a {@link CorrelationDef}
   * @throws RuleException naming the line and construct that is wrong
   */
  Object parse(YamlNode root, String source, String fallbackId) {
    if (!(root instanceof YamlNode.Map doc)) {
      throw new RuleException(root.line(), "a rule must be a map, got " + YamlNode.describe(root));
    }
    if (doc.get("action") != null) {
      throw new RuleException(doc.get("action").line(), "'action' (Sigma 1.0 rule collections) is not supported; write each rule in full");
    }
    if (doc.get("filter") != null) {
      throw new RuleException(doc.get("filter").line(), "Sigma filters ('filter') are not supported");
    }
    YamlNode correlation = doc.get("correlation");
    YamlNode detection = doc.get("detection");
    if (correlation != null && detection != null) {
      throw new RuleException(correlation.line(), "a rule cannot have both 'detection' and 'correlation'");
    }
    if (correlation == null && detection == null) {
      throw new RuleException(doc.line(), "a rule needs 'detection' or 'correlation'");
    }
    if (correlation != null) {
      YamlNode.Map section = map(correlation, "correlation");
      return CorrelationParser.parse(doc, section, info(doc, source, fallbackId, null, CorrelationParser.type(section, doc.keyLine("correlation"))));
    }
    YamlNode logsource = doc.get("logsource");
    if (logsource == null) {
      throw new RuleException(doc.line(), "missing 'logsource'");
    }
    SigmaRule info = info(doc, source, fallbackId, logsource(map(logsource, "logsource")), null);
    Search search = detection(map(detection, "detection"), doc.keyLine("detection"));
    return new DetectionRule(info, search, search.anchors());
  }

  private SigmaRule info(YamlNode.Map doc, String source, String fallbackId, Logsource logsource, String correlationType) {
    String title = text(doc, "title");
    if (title == null || title.isBlank()) {
      throw new RuleException(doc.line(), "missing 'title'");
    }
    String id = text(doc, "id");
    String name = text(doc, "name");
    String level = text(doc, "level");
    if (level != null && !LEVELS.contains(level)) {
      throw new RuleException(doc.get("level").line(), "'level' must be one of informational, low, medium, high, critical; got '" + level + "'");
    }
    for (YamlNode.Entry e : doc.entries()) {
      String key = e.key().text();
      if (key.startsWith("vigil.") && !VIGIL_FIELDS.contains(key)) {
        throw new RuleException(e.key().line(), "unknown Vigil field '" + key + "' (known: vigil.alertName, vigil.remediation)");
      }
    }
    return new SigmaRule(id != null ? id : name != null ? name : fallbackId, name, title, text(doc, "description"),
        level, text(doc, "status"), strings(doc, "tags"), logsource, correlationType,
        text(doc, "vigil.alertName"), text(doc, "vigil.remediation"), source, doc.line());
  }

  private static Logsource logsource(YamlNode.Map map) {
    return new Logsource(text(map, "product"), text(map, "category"), text(map, "service"));
  }

  private Search detection(YamlNode.Map detection, int line) {
    Map<String, Search> identifiers = new LinkedHashMap<>();
    YamlNode condition = null;
    for (YamlNode.Entry e : detection.entries()) {
      String name = e.key().text();
      switch (name) {
        case "condition" -> condition = e.value();
        case "timeframe" -> throw new RuleException(e.key().line(), "'timeframe' is not supported; use a correlation rule with 'timespan'");
        default -> identifiers.put(name, identifier(name, e.value()));
      }
    }
    if (condition == null) {
      throw new RuleException(line, "the detection has no 'condition'");
    }
    if (identifiers.isEmpty()) {
      throw new RuleException(line, "the detection has no search identifiers");
    }
    return switch (condition) {
      case YamlNode.Scalar s when s.kind() == YamlNode.Kind.STRING -> ConditionParser.parse(s.text(), identifiers, s.line());
      case YamlNode.Seq seq when !seq.items().isEmpty() -> {
        List<Search> any = new ArrayList<>();
        for (YamlNode item : seq.items()) {
          if (!(item instanceof YamlNode.Scalar s) || s.kind() != YamlNode.Kind.STRING) {
            throw new RuleException(item.line(), "each condition must be text");
          }
          any.add(ConditionParser.parse(s.text(), identifiers, s.line()));
        }
        yield any.size() == 1 ? any.get(0) : new Search.Any(any.toArray(Search[]::new));
      }
      default -> throw new RuleException(condition.line(), "'condition' must be text or a list of texts");
    };
  }

  /** A search identifier: a map of fields (ANDed), a list of maps (ORed) or a list of keywords. */
  private Search identifier(String name, YamlNode value) {
    return switch (value) {
      case YamlNode.Map m -> selection(name, m);
      case YamlNode.Seq seq -> {
        if (seq.items().isEmpty()) {
          throw new RuleException(seq.line(), "search identifier '" + name + "' is an empty list");
        }
        boolean maps = seq.items().get(0) instanceof YamlNode.Map;
        List<Search> any = new ArrayList<>();
        List<YamlNode.Scalar> keywords = new ArrayList<>();
        for (YamlNode item : seq.items()) {
          if (maps && item instanceof YamlNode.Map m) {
            any.add(selection(name, m));
          } else if (!maps && item instanceof YamlNode.Scalar s) {
            keywords.add(s);
          } else {
            throw new RuleException(item.line(), "search identifier '" + name + "' mixes maps and plain values in one list");
          }
        }
        yield maps ? (any.size() == 1 ? any.get(0) : new Search.Any(any.toArray(Search[]::new))) : fields.keywords(keywords);
      }
      case YamlNode.Scalar s when !s.isNull() -> fields.keywords(List.of(s));
      case YamlNode.Scalar s -> throw new RuleException(s.line(), "search identifier '" + name + "' is empty");
    };
  }

  private Search selection(String name, YamlNode.Map map) {
    if (map.entries().isEmpty()) {
      throw new RuleException(map.line(), "search identifier '" + name + "' is an empty map");
    }
    List<Search> all = new ArrayList<>();
    for (YamlNode.Entry e : map.entries()) {
      all.add(fields.field(e.key(), e.value()));
    }
    return all.size() == 1 ? all.get(0) : new Search.All(all.toArray(Search[]::new));
  }

  static YamlNode.Map map(YamlNode node, String what) {
    if (!(node instanceof YamlNode.Map m)) {
      throw new RuleException(node.line(), "'" + what + "' must be a map, got " + YamlNode.describe(node));
    }
    return m;
  }

  /** The text under {@code key}; null when absent or null. */
  static String text(YamlNode.Map map, String key) {
    YamlNode node = map.get(key);
    if (node == null) {
      return null;
    }
    if (!(node instanceof YamlNode.Scalar s)) {
      throw new RuleException(node.line(), "'" + key + "' must be a value, got " + YamlNode.describe(node));
    }
    return s.isNull() ? null : s.text();
  }

  /** The texts under {@code key}: a list of values, or one value; empty when absent. */
  static List<String> strings(YamlNode.Map map, String key) {
    YamlNode node = map.get(key);
    return switch (node) {
      case null -> List.of();
      case YamlNode.Scalar s -> s.isNull() ? List.of() : List.of(s.text());
      case YamlNode.Seq seq -> {
        List<String> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
          if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
            throw new RuleException(item.line(), "'" + key + "' must list plain values");
          }
          out.add(s.text());
        }
        yield List.copyOf(out);
      }
      case YamlNode.Map m -> throw new RuleException(m.line(), "'" + key + "' must be a list, got a map");
    };
  }
}
