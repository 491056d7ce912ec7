package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a detection's condition over its search identifiers into one {@link Search}.
 *
 * <p>Grammar, loosest binding first: {@code or}, {@code and}, {@code not}, {@code 1 of} / {@code
 * all of} (an identifier pattern with {@code *}, or {@code them}), parentheses. {@code them}
 * leaves out identifiers that start with an underscore. Operators are case-insensitive.
 */
final class ConditionParser {
  private final String text;
  private final Map<String, Search> identifiers;
  private final int line;
  private final List<String> tokens = new ArrayList<>();
  private int pos;

  private ConditionParser(String text, Map<String, Search> identifiers, int line) {
    this.text = text;
    this.identifiers = identifiers;
    this.line = line;
  }

  /**
   * Parses {@code text}.
   *
   * @throws RuleException on {@code line} naming what is wrong in the condition
   */
  static Search parse(String text, Map<String, Search> identifiers, int line) {
    ConditionParser p = new ConditionParser(text, identifiers, line);
    p.tokenize();
    if (p.tokens.isEmpty()) {
      throw new RuleException(line, "the condition is empty");
    }
    Search s = p.or();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return s;
  }

  private void tokenize() {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '|') {
        throw new RuleException(line, "aggregation expressions ('" + text.substring(i).strip()
            + "') are not supported; use a correlation rule");
      } else {
        int start = i;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "()|".indexOf(text.charAt(i)) < 0) {
          i++;
        }
        tokens.add(text.substring(start, i));
      }
    }
  }

  private Search or() {
    List<Search> parts = new ArrayList<>(List.of(and()));
    while (peekIs("or")) {
      pos++;
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new Search.Any(parts.toArray(Search[]::new));
  }

  private Search and() {
    List<Search> parts = new ArrayList<>(List.of(not()));
    while (peekIs("and")) {
      pos++;
      parts.add(not());
    }
    return parts.size() == 1 ? parts.get(0) : new Search.All(parts.toArray(Search[]::new));
  }

  private Search not() {
    if (peekIs("not")) {
      pos++;
      return new Search.Not(not());
    }
    return primary();
  }

  private Search primary() {
    if (pos >= tokens.size()) {
      throw error("expected a search identifier at the end");
    }
    String t = tokens.get(pos++);
    String lower = t.toLowerCase(Locale.ROOT);
    if (t.equals("(")) {
      Search inner = or();
      if (!peekIs(")")) {
        throw error("missing ')'");
      }
      pos++;
      return inner;
    }
    if (peekIs("of")) {
      pos++;
      return quantified(t, lower);
    }
    if (lower.equals("and") || lower.equals("or") || lower.equals("not") || t.equals(")") || lower.equals("of") || lower.equals("them")) {
      throw error("expected a search identifier, got '" + t + "'");
    }
    if (lower.equals("near")) {
      throw new RuleException(line, "'near' is not supported; use a temporal correlation rule");
    }
    Search s = identifiers.get(t);
    if (s == null) {
      throw error("unknown search identifier '" + t + "'");
    }
    return s;
  }

  private Search quantified(String quantifier, String lower) {
    boolean all = lower.equals("all");
    if (!all && !lower.equals("1")) {
      throw error("'" + quantifier + " of' is not supported; use '1 of' or 'all of'");
    }
    if (pos >= tokens.size()) {
      throw error("expected an identifier pattern or 'them' after '" + quantifier + " of'");
    }
    String target = tokens.get(pos++);
    List<Search> chosen = new ArrayList<>();
    if (target.equalsIgnoreCase("them")) {
      identifiers.forEach((name, s) -> {
        if (!name.startsWith("_")) {
          chosen.add(s);
        }
      });
    } else {
      Pattern p = wildcard(target);
      identifiers.forEach((name, s) -> {
        if (p.matcher(name).matches()) {
          chosen.add(s);
        }
      });
    }
    if (chosen.isEmpty()) {
      throw error("'" + quantifier + " of " + target + "' matches no search identifier");
    }
    Search[] parts = chosen.toArray(Search[]::new);
    if (parts.length == 1) {
      return parts[0];
    }
    return all ? new Search.All(parts) : new Search.Any(parts);
  }

  private static Pattern wildcard(String pattern) {
    StringBuilder re = new StringBuilder();
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      re.append(i > 0 ? ".*" : "").append(parts[i].isEmpty() ? "" : Pattern.quote(parts[i]));
    }
    return Pattern.compile(re.toString());
  }

  private boolean peekIs(String word) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word);
  }

  private RuleException error(String what) {
    return new RuleException(line, "condition '" + text + "': " + what);
  }
}
