package io.vigil.detect.sigma;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Tests one field value against one compiled rule value. Immutable and thread-safe. */
interface ValueMatcher {
  /**
   * Whether the value matches.
   *
   * @param raw the value as text
   * @param lower the value lower-cased, or null when {@link #needsLowerCase()} is false
   */
  boolean test(String raw, String lower);

  /** A rough relative cost of {@link #test}: 1 for a string comparison (see {@link Search#cost()}). */
  default int cost() {
    return 2;
  }

  /** Whether {@link #test} reads the lower-cased value. */
  default boolean needsLowerCase() {
    return false;
  }

  /** Literals one of which the value of {@code field} must have for a match (see {@link Anchors}), or null when there are none. */
  default Anchors anchors(String field) {
    return null;
  }

  /** Equality, case-insensitive unless cased. */
  record Equals(String value, String lowerValue, boolean cased) implements ValueMatcher {
    Equals(String value, boolean cased) {
      this(value, value.toLowerCase(Locale.ROOT), cased);
    }

    @Override
    public boolean test(String raw, String lower) {
      return cased ? raw.equals(value) : lower.equals(lowerValue);
    }

    @Override
    public int cost() {
      return 1;
    }

    @Override
    public boolean needsLowerCase() {
      return !cased;
    }

    @Override
    public Anchors anchors(String field) {
      return Anchors.of(new Anchors.Anchor(field, true, lowerValue));
    }
  }

  /**
   * {@code |re}: a regular expression found anywhere in the value (unanchored, like a search).
   *
   * @param literals lower-cased literals one of which every match contains (see {@link RegexLiterals}), or null
   */
  record Regex(Pattern pattern, List<String> literals, List<String> checked, boolean[] asciiClass, boolean atStart) implements ValueMatcher {
    /** Up to this many literals, a value is checked for them before the expression runs. */
    private static final int MAX_CHECKED = 16;

    Regex(Pattern pattern) {
      this(pattern, RegexLiterals.alternatives(pattern), checked(pattern), RegexLiterals.singleClass(pattern),
          RegexLiterals.anchoredAtStart(pattern));
    }

    /** Literals of two characters and more, too short to index but enough to skip most values. */
    private static List<String> checked(Pattern pattern) {
      List<String> literals = RegexLiterals.alternatives(pattern, 2);
      return literals != null && literals.size() <= MAX_CHECKED ? literals : null;
    }

    @Override
    public boolean test(String raw, String lower) {
      if (asciiClass != null) {
        return anyInClass(raw);
      }
      if (checked != null && !containsOne(lower)) {
        return false;
      }
      return atStart ? pattern.matcher(raw).lookingAt() : pattern.matcher(raw).find();
    }

    @Override
    public int cost() {
      return asciiClass != null ? 3 : checked != null ? 6 : 12;
    }

    /** Lower-cased values are read only to skip the expression on values without its literals. */
    @Override
    public boolean needsLowerCase() {
      return asciiClass == null && checked != null;
    }

    /** A one-class expression finds a match where one character is in the class; beyond ASCII the expression decides. */
    private boolean anyInClass(String raw) {
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c >= 128) {
          return pattern.matcher(raw).find();
        }
        if (asciiClass[c]) {
          return true;
        }
      }
      return false;
    }

    private boolean containsOne(String lower) {
      for (String literal : checked) {
        if (lower.contains(literal)) {
          return true;
        }
      }
      return false;
    }

    /** The literals every match contains, so the rule joins the prefilter. */
    @Override
    public Anchors anchors(String field) {
      if (literals == null) {
        return null;
      }
      List<Anchors.Anchor> out = new ArrayList<>(literals.size());
      for (String literal : literals) {
        out.add(new Anchors.Anchor(field, false, literal));
      }
      return new Anchors(List.copyOf(out));
    }
  }

  /** {@code |cidr}: the value is an IP address inside the network. */
  record InNetwork(Cidr network) implements ValueMatcher {
    @Override
    public boolean test(String raw, String lower) {
      byte[] address = IpAddress.parse(raw);
      return address != null && network.contains(address);
    }
  }

  /** {@code |gt}, {@code |gte}, {@code |lt}, {@code |lte}: the value is a number that compares so. */
  record Compare(String op, BigDecimal bound) implements ValueMatcher {
    @Override
    public boolean test(String raw, String lower) {
      BigDecimal value = number(raw);
      if (value == null) {
        return false;
      }
      int c = value.compareTo(bound);
      return switch (op) {
        case "gt" -> c > 0;
        case "gte" -> c >= 0;
        case "lt" -> c < 0;
        case "lte" -> c <= 0;
        default -> throw new IllegalStateException("comparison " + op);
      };
    }

    /** The number {@code text} spells, or null when it is not one. */
    static BigDecimal number(String text) {
      String t = text.strip();
      if (t.isEmpty() || t.length() > 64) {
        return null;
      }
      char c = t.charAt(0);
      if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
        return null;
      }
      try {
        return new BigDecimal(t);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
