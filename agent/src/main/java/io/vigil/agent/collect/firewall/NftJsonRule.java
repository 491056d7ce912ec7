package io.vigil.agent.collect.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads the {@code expr} array of one nft JSON rule into {@link RuleFields}, and writes the rule
 * back as nft text for its Raw detail.
 *
 * <p>Handles matches on payload fields ({@code ip saddr}, {@code tcp dport} ...), meta and ct keys,
 * with single values, sets, ranges, prefixes and flag lists; the verdicts; and names any other
 * statement. Counters are left out. Not thread-safe; one instance per rule.
 */
final class NftJsonRule {
  private final RuleFields fields = new RuleFields();
  private final StringJoiner text = new StringJoiner(" ");
  private boolean compat;

  void read(List<?> expr) {
    for (Object e : expr) {
      if (e instanceof Map<?, ?> map && map.size() == 1) {
        var entry = map.entrySet().iterator().next();
        statement((String) entry.getKey(), entry.getValue());
      } else {
        fields.other(render(e));
        text.add(render(e));
      }
    }
  }

  RuleFields fields() {
    return fields;
  }

  /** The rule as nft text, rebuilt from the JSON (counters left out). */
  String text() {
    return text.toString();
  }

  /** True if the rule holds iptables-nft compatibility ({@code xt}) expressions, which nft cannot show. */
  boolean usesCompat() {
    return compat;
  }

  private void statement(String key, Object value) {
    switch (key) {
      case "match" -> match(value instanceof Map<?, ?> m ? m : Map.of());
      case "counter" -> { } // a statistic, not a decision
      case "jump", "goto" -> {
        String target = value instanceof Map<?, ?> m && m.get("target") != null ? m.get("target").toString() : "?";
        fields.statement(key, target);
        text.add(key + " " + target);
      }
      case "xt" -> {
        compat = true;
        Map<?, ?> m = value instanceof Map<?, ?> map ? map : Map.of();
        String name = String.valueOf(m.get("name"));
        if ("target".equals(m.get("type"))) {
          fields.statement(name.toLowerCase(Locale.ROOT), name);
        } else {
          fields.other("xt " + m.get("type") + " " + name);
        }
        text.add("xt " + m.get("type") + " " + name);
      }
      default -> {
        fields.statement(key, null);
        text.add(key);
      }
    }
  }

  private void match(Map<?, ?> match) {
    String op = String.valueOf(match.get("op"));
    Object left = match.get("left");
    String right = value(match.get("right"));
    String shownRight = match.get("right") instanceof Map<?, ?> m && m.get("set") instanceof List<?> set
        ? "{ " + String.join(", ", set.stream().map(NftJsonRule::value).toList()) + " }"
        : right;
    String shownOp = op.equals("==") || op.equals("in") ? "" : op + " ";
    String selector = null;
    String field = null;
    if (left instanceof Map<?, ?> l && l.size() == 1) {
      var entry = l.entrySet().iterator().next();
      Map<?, ?> body = entry.getValue() instanceof Map<?, ?> b ? b : Map.of();
      switch ((String) entry.getKey()) {
        case "payload" -> {
          selector = str(body.get("protocol"));
          field = str(body.get("field"));
        }
        case "meta", "ct" -> {
          selector = (String) entry.getKey();
          field = str(body.get("key"));
        }
        default -> { }
      }
    }
    if (selector == null || field == null) {
      String shown = render(left) + " " + shownOp + shownRight;
      fields.other(shown);
      text.add(shown);
      return;
    }
    text.add(selector + " " + field + " " + shownOp + shownRight);
    switch (op) {
      case "==", "in" -> fields.match(selector, field, false, right);
      case "!=" -> fields.match(selector, field, true, right);
      default -> fields.other(selector + " " + field + " " + op + " " + right);
    }
  }

  /** A right-hand value in normal form: {@code 22}, {@code 22,80}, {@code 8000-8080}, {@code 10.0.0.0/8}. */
  private static String value(Object right) {
    if (right instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(o -> parts.add(value(o)));
      return String.join(",", parts);
    }
    if (right instanceof Map<?, ?> map && map.size() == 1) {
      var entry = map.entrySet().iterator().next();
      Object body = entry.getValue();
      switch ((String) entry.getKey()) {
        case "set":
          return value(body);
        case "range":
          if (body instanceof List<?> r && r.size() == 2) {
            return value(r.get(0)) + "-" + value(r.get(1));
          }
          break;
        case "prefix":
          if (body instanceof Map<?, ?> p) {
            return value(p.get("addr")) + "/" + value(p.get("len"));
          }
          break;
        default:
          break;
      }
    }
    return render(right);
  }

  /** Any JSON value as compact text, for what has no normal form. */
  private static String render(Object o) {
    if (o instanceof Map<?, ?> map) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      map.forEach((k, v) -> j.add(k + ": " + render(v)));
      return j.toString();
    }
    if (o instanceof List<?> list) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      list.forEach(v -> j.add(render(v)));
      return j.toString();
    }
    return String.valueOf(o);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
