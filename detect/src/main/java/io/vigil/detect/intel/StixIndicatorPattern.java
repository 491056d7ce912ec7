package io.vigil.detect.intel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the part of STIX 2.1 patterning that single-value lookups can honour.
 *
 * <p>A pattern loads when it is a disjunction: comparisons {@code path = 'value'}, {@code path IN
 * ('a', 'b')} or, for addresses, {@code path ISSUBSET 'cidr'}, joined by {@code OR} inside an
 * observation or between observations, with parentheses. Each value becomes an indicator. {@code
 * AND}, {@code FOLLOWEDBY}, {@code NOT}, {@code EXISTS}, other operators and qualifiers ({@code
 * WITHIN}, {@code REPEATS}, {@code START … STOP}) need several values or a time window together,
 * so such a pattern is refused with the reason. Comparisons on other properties inside an
 * otherwise supported disjunction (the MD5 beside a SHA-256, say) are left out and counted.
 *
 * <p>The whole grammar is parsed, so a syntax error is reported as such, with its position.
 */
final class StixIndicatorPattern {
  static final String SUPPORTED = "ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, file:hashes.'SHA-256'";

  /** One supported comparison: a value of a type. */
  record Comparison(IndicatorType type, String value) {}

  /**
   * The supported comparisons of a pattern.
   *
   * @param otherProperties how many comparisons on other properties were left out
   */
  record Parsed(List<Comparison> comparisons, int otherProperties) {}

  /** A constant that is not a plain string: a number, boolean, or t'…', h'…', b'… string. */
  private record Constant(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  private final String text;
  private int pos;
  private String unsupported;
  private final List<Comparison> comparisons = new ArrayList<>();
  private int otherProperties;

  private StixIndicatorPattern(String text) {
    this.text = text;
  }

  /**
   * Parses {@code pattern}.
   *
   * @throws IllegalArgumentException with a message that quotes the pattern and says what is not
   *     valid or not supported
   */
  static Parsed parse(String pattern) {
    StixIndicatorPattern p = new StixIndicatorPattern(pattern);
    p.pattern();
    p.skipSpace();
    if (p.pos < pattern.length()) {
      throw p.syntax("unexpected '" + pattern.charAt(p.pos) + "'");
    }
    if (p.unsupported != null) {
      throw new IllegalArgumentException("pattern '" + pattern + "' is not supported: " + p.unsupported);
    }
    if (p.comparisons.isEmpty()) {
      throw new IllegalArgumentException("pattern '" + pattern + "' is not supported (supported: " + SUPPORTED + ")");
    }
    return new Parsed(List.copyOf(p.comparisons), p.otherProperties);
  }

  private void pattern() {
    observation();
    for (String keyword; (keyword = peekKeyword()) != null; ) {
      if (keyword.equals("AND") || keyword.equals("FOLLOWEDBY")) {
        note("'" + keyword + "' joins observations that must all be seen; only OR can be matched value by value");
      } else if (!keyword.equals("OR")) {
        return;
      }
      pos += keyword.length();
      observation();
    }
  }

  private void observation() {
    skipSpace();
    if (consume('[')) {
      comparisons();
      expect(']');
    } else if (consume('(')) {
      pattern();
      expect(')');
    } else {
      throw syntax("expected '[' or '('");
    }
    qualifiers();
  }

  private void qualifiers() {
    for (String keyword; (keyword = peekKeyword()) != null; ) {
      switch (keyword) {
        case "WITHIN" -> {
          pos += keyword.length();
          literal();
          expectKeyword("SECONDS");
        }
        case "REPEATS" -> {
          pos += keyword.length();
          literal();
          expectKeyword("TIMES");
        }
        case "START" -> {
          pos += keyword.length();
          literal();
          expectKeyword("STOP");
          literal();
        }
        default -> {
          return;
        }
      }
      note("the qualifier '" + keyword + "' needs a time window; only plain comparisons can be matched");
    }
  }

  private void comparisons() {
    comparison();
    for (String keyword; (keyword = peekKeyword()) != null; ) {
      if (keyword.equals("AND")) {
        note("'AND' joins comparisons that must all hold; only OR can be matched value by value");
      } else if (!keyword.equals("OR")) {
        return;
      }
      pos += keyword.length();
      comparison();
    }
  }

  private void comparison() {
    skipSpace();
    if (consume('(')) {
      comparisons();
      expect(')');
      return;
    }
    if ("EXISTS".equals(peekKeyword())) {
      pos += "EXISTS".length();
      path();
      note("'EXISTS' tests for a property, not a value");
      return;
    }
    String path = path();
    boolean negated = false;
    if ("NOT".equals(peekKeyword())) {
      pos += "NOT".length();
      negated = true;
    }
    String operator = operator();
    List<Object> values = new ArrayList<>();
    skipSpace();
    if (operator.equals("IN")) {
      expect('(');
      do {
        values.add(literal());
        skipSpace();
      } while (consume(','));
      expect(')');
    } else {
      values.add(literal());
    }
    IndicatorType type = typeOf(path);
    if (type == null) {
      otherProperties++;
      return;
    }
    if (negated) {
      note("'NOT' matches everything but a value");
    } else if (!(operator.equals("=") || operator.equals("IN") || operator.equals("ISSUBSET") && type == IndicatorType.IP)) {
      note("operator '" + operator + "' on " + path + " (supported: '=' and 'IN', and 'ISSUBSET' for addresses)");
    } else {
      for (Object value : values) {
        if (value instanceof String s) {
          comparisons.add(new Comparison(type, s));
        } else {
          note(path + " is compared with " + value + ", not a string");
        }
      }
    }
  }

  /** The object path as written, quoted components with single quotes. */
  private String path() {
    skipSpace();
    StringBuilder path = new StringBuilder(identifier("an object type"));
    expect(':');
    path.append(':');
    while (true) {
      if (peek() == '\'') {
        path.append('\'').append(string()).append('\'');
      } else {
        path.append(identifier("a property name"));
      }
      if (consume('[')) {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ']') {
          pos++;
        }
        path.append('[').append(text, start, pos).append(']');
        expect(']');
      }
      if (!consume('.')) {
        return path.toString();
      }
      path.append('.');
    }
  }

  private static IndicatorType typeOf(String path) {
    switch (path) {
      case "ipv4-addr:value", "ipv6-addr:value" -> {
        return IndicatorType.IP;
      }
      case "domain-name:value" -> {
        return IndicatorType.DOMAIN;
      }
      case "url:value" -> {
        return IndicatorType.URL;
      }
      default -> {
        if (path.startsWith("file:hashes.")) {
          String algorithm = path.substring("file:hashes.".length()).replace("'", "").replace("-", "");
          return algorithm.toUpperCase(Locale.ROOT).equals("SHA256") ? IndicatorType.SHA256 : null;
        }
        return null;
      }
    }
  }

  private String operator() {
    skipSpace();
    for (String symbol : new String[] {"!=", "<=", ">=", "=", "<", ">"}) {
      if (text.startsWith(symbol, pos)) {
        pos += symbol.length();
        return symbol;
      }
    }
    String keyword = peekKeyword();
    if (keyword != null && List.of("IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET").contains(keyword)) {
      pos += keyword.length();
      return keyword;
    }
    throw syntax("expected a comparison operator");
  }

  /** A string (as String), or as a {@link Constant} a typed string (t'…', h'…', b'…'), a number or a boolean. */
  private Object literal() {
    skipSpace();
    int start = pos;
    if (pos + 1 < text.length() && "thb".indexOf(text.charAt(pos)) >= 0 && text.charAt(pos + 1) == '\'') {
      pos++;
      String body = string();
      return new Constant(text.charAt(start) + "'" + body + "'");
    }
    if (peek() == '\'') {
      return string();
    }
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "+-.".indexOf(text.charAt(pos)) >= 0)) {
      pos++;
    }
    if (pos == start) {
      throw syntax("expected a constant");
    }
    return new Constant(text.substring(start, pos));
  }

  private String string() {
    int open = pos++;
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        value.append(text.charAt(pos++));
      } else if (c == '\'') {
        return value.toString();
      } else {
        value.append(c);
      }
    }
    pos = open;
    throw syntax("the string is not closed");
  }

  private String identifier(String what) {
    skipSpace();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '-' || text.charAt(pos) == '_')) {
      pos++;
    }
    if (pos == start) {
      throw syntax("expected " + what);
    }
    return text.substring(start, pos);
  }

  /** The upper-case word at the position (after spaces), without consuming it; null if none. */
  private String peekKeyword() {
    skipSpace();
    int end = pos;
    while (end < text.length() && text.charAt(end) >= 'A' && text.charAt(end) <= 'Z') {
      end++;
    }
    if (end == pos || end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      return null;
    }
    return text.substring(pos, end);
  }

  private void expectKeyword(String keyword) {
    if (!keyword.equals(peekKeyword())) {
      throw syntax("expected '" + keyword + "'");
    }
    pos += keyword.length();
  }

  private void note(String reason) {
    if (unsupported == null) {
      unsupported = reason;
    }
  }

  private char peek() {
    skipSpace();
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private boolean consume(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!consume(c)) {
      throw syntax("expected '" + c + "'");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException syntax(String what) {
    String found = pos < text.length() ? "" : " (at the end)";
    return new IllegalArgumentException(
        "pattern '" + text + "' is not valid STIX patterning: " + what + " at character " + (pos + 1) + found);
  }
}
