package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Literals one of which every match of a regular expression must contain, so that {@code |re}
 * rules join the literal prefilter instead of running on every event, and a candidate's regex is
 * skipped when its value has none of them.
 *
 * <p>It parses the expression into sequences, alternatives, groups, classes and quantifiers and
 * tracks, for each part, the exact strings it can match when they are few ({@code (?:ba|da)?sh}
 * matches one of bash, dash and sh) and otherwise a set of strings one of which it must contain.
 * A sequence combines the exact strings of neighbouring parts; alternatives unite their sets, and
 * an alternative without one leaves the whole without. It is conservative: escapes that stand for
 * classes, wide classes, backreferences and {@code .} are unknown; an optional part is unknown
 * too; the comments flag and quoting give up. Literals are lower-cased, as the index compares
 * lower-cased values, and ASCII only. Under the case-insensitive flag the letters {@code s} and
 * {@code k} (and {@code i} under Unicode case) are unknown: case folding matches them to
 * characters (U+017F, U+212A, U+0130, U+0131) whose lower case is not that letter.
 */
final class RegexLiterals {
  /** More exact strings than this are not tracked (the part becomes unknown). */
  private static final int MAX_EXACT = 64;

  private final String re;
  private final String unknownLetters;
  private final int minLength;
  private int pos;

  private RegexLiterals(String re, String unknownLetters, int minLength) {
    this.re = re;
    this.unknownLetters = unknownLetters;
    this.minLength = minLength;
  }

  /**
   * Lower-cased literals, each at least {@link Anchors#MIN_LITERAL} long, one of which every match
   * of {@code pattern} contains; null when none are known.
   */
  static List<String> alternatives(Pattern pattern) {
    return alternatives(pattern, Anchors.MIN_LITERAL);
  }

  /** As {@link #alternatives(Pattern)}, with literals at least {@code minLength} long. */
  static List<String> alternatives(Pattern pattern, int minLength) {
    String re = pattern.pattern();
    if ((pattern.flags() & (Pattern.COMMENTS | Pattern.LITERAL)) != 0 || re.contains("(?x") || re.contains("\\Q")
        || re.matches("(?s).*\\(\\?[a-zA-Z-]*x.*")) {
      return null;
    }
    boolean caseless = (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0 || re.matches("(?s).*\\(\\?[a-zA-Z]*i.*");
    // UNICODE_CHARACTER_CLASS ((?U)) implies Unicode case folding too.
    boolean unicode = (pattern.flags() & (Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS)) != 0
        || re.matches("(?s).*\\(\\?[a-zA-Z]*[uU].*");
    RegexLiterals parser = new RegexLiterals(re, caseless ? (unicode ? "sSkKiI" : "sSkK") : "", minLength);
    try {
      Info all = parser.alternation();
      if (parser.pos != re.length()) {
        return null;
      }
      Set<String> best = all.best(minLength);
      return best == null ? null : List.copyOf(best);
    } catch (RuntimeException e) {
      return null; // Pattern accepted it; anything this parser does not follow simply has no literals.
    }
  }

  /**
   * For an expression that is one character class and nothing else ({@code [\x00-\x08\x7F]}),
   * which ASCII characters it matches, by asking the pattern itself; null for any other expression.
   */
  static boolean[] singleClass(Pattern pattern) {
    String re = pattern.pattern();
    if ((pattern.flags() & (Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ)) != 0 || !re.startsWith("[") || re.contains("(?")) {
      return null;
    }
    RegexLiterals parser = new RegexLiterals(re, "", 1);
    try {
      parser.characterClass();
    } catch (RuntimeException e) {
      return null;
    }
    if (parser.pos != re.length()) {
      return null;
    }
    boolean[] table = new boolean[128];
    for (char c = 0; c < 128; c++) {
      table[c] = pattern.matcher(String.valueOf(c)).find();
    }
    return table;
  }

  /**
   * Whether every match of {@code pattern} starts at the start of the value: it begins with
   * {@code ^}, has no alternative outside a group, and neither multiline mode nor inline flags
   * ({@code (?m)} would turn it on; groups such as {@code (?:} are fine). Then {@code lookingAt} finds the same matches as {@code find},
   * without trying every position.
   */
  static boolean anchoredAtStart(Pattern pattern) {
    String re = pattern.pattern();
    if ((pattern.flags() & (Pattern.MULTILINE | Pattern.COMMENTS | Pattern.LITERAL)) != 0 || !re.startsWith("^")
        || re.matches("(?s).*\\(\\?[a-zA-Z-].*") || re.contains("\\Q")) {
      return false;
    }
    RegexLiterals parser = new RegexLiterals(re, "", 1);
    try {
      parser.sequence();
    } catch (RuntimeException e) {
      return false;
    }
    return parser.pos == re.length();
  }

  /**
   * What is known of a part.
   *
   * @param exact the strings it matches exactly, or null when unknown or too many
   * @param contains strings one of which every match contains (each long enough), or null
   */
  private record Info(Set<String> exact, Set<String> contains) {
    static final Info UNKNOWN = new Info(null, null);
    static final Info EMPTY = new Info(Set.of(""), null);

    /** The most selective usable set: the exact strings when each is long enough, else the contained ones. */
    Set<String> best(int minLength) {
      Set<String> fromExact = usable(exact, minLength) ? exact : null;
      if (fromExact == null) {
        return contains;
      }
      return contains == null || cost(fromExact) <= cost(contains) ? fromExact : contains;
    }
  }

  private Info alternation() {
    List<Info> branches = new ArrayList<>();
    branches.add(sequence());
    while (pos < re.length() && re.charAt(pos) == '|') {
      pos++;
      branches.add(sequence());
    }
    if (branches.size() == 1) {
      return branches.get(0);
    }
    Set<String> exact = new LinkedHashSet<>();
    Set<String> contains = new LinkedHashSet<>();
    for (Info b : branches) {
      if (exact != null && b.exact() != null) {
        exact.addAll(b.exact());
      } else {
        exact = null;
      }
      Set<String> best = b.best(minLength);
      if (contains != null && best != null) {
        contains.addAll(best);
      } else {
        contains = null;
      }
    }
    return new Info(exact != null && exact.size() <= MAX_EXACT ? exact : null, contains);
  }

  /** A sequence of quantified atoms, up to {@code |}, {@code )} or the end. */
  private Info sequence() {
    List<Info> items = new ArrayList<>();
    while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
      quantified(items);
    }
    Set<String> exact = Set.of("");
    Set<String> best = null;
    Set<String> run = Set.of("");
    for (Info item : items) {
      exact = exact == null || item.exact() == null ? null : cross(exact, item.exact());
      if (item.exact() != null && run != null) {
        run = cross(run, item.exact());
        best = better(best, run);
        continue;
      }
      best = better(best, item.best(minLength));
      run = item.exact() == null ? Set.of("") : item.exact();
      best = better(best, run);
    }
    return new Info(exact, best);
  }

  /** An atom and its quantifier, as one or two items ({@code x+} is {@code x} then unknown). */
  private void quantified(List<Info> items) {
    Info atom = atom();
    if (pos >= re.length()) {
      items.add(atom);
      return;
    }
    char q = re.charAt(pos);
    int min;
    if (q == '?' || q == '*') {
      pos++;
      min = 0;
    } else if (q == '+') {
      pos++;
      min = 1;
    } else if (q == '{' && pos + 1 < re.length() && Character.isDigit(re.charAt(pos + 1))) {
      int close = re.indexOf('}', pos);
      String[] bounds = re.substring(pos + 1, close).split(",", -1);
      min = Integer.parseInt(bounds[0].strip());
      pos = close + 1;
    } else {
      items.add(atom);
      return;
    }
    if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
      pos++;
    }
    if (q == '?' && atom.exact() != null) {
      Set<String> optional = new LinkedHashSet<>(atom.exact());
      optional.add("");
      items.add(new Info(optional, null));
    } else if (min == 0) {
      items.add(Info.UNKNOWN);
    } else {
      items.add(atom);
      items.add(Info.UNKNOWN);
    }
  }

  private Info atom() {
    char c = re.charAt(pos);
    switch (c) {
      case '(' -> {
        return group();
      }
      case '[' -> {
        return characterClass();
      }
      case '\\' -> {
        return escape();
      }
      case '.' -> {
        pos++;
        return Info.UNKNOWN;
      }
      case '^', '$' -> {
        pos++;
        return Info.EMPTY;
      }
      default -> {
        pos++;
        return literal(c);
      }
    }
  }

  private Info literal(char c) {
    if (c >= 128 || unknownLetters.indexOf(c) >= 0) {
      return Info.UNKNOWN;
    }
    return new Info(Set.of(String.valueOf(Character.toLowerCase(c))), null);
  }

  private Info group() {
    pos++;
    boolean lookaround = false;
    if (re.startsWith("?", pos)) {
      if (re.startsWith("?:", pos) || re.startsWith("?>", pos)) {
        pos += 2;
      } else if (re.startsWith("?=", pos) || re.startsWith("?!", pos)) {
        pos += 2;
        lookaround = true;
      } else if (re.startsWith("?<=", pos) || re.startsWith("?<!", pos)) {
        pos += 3;
        lookaround = true;
      } else if (re.startsWith("?<", pos)) {
        pos = re.indexOf('>', pos) + 1;
      } else {
        int end = pos + 1;
        while (end < re.length() && (Character.isLetter(re.charAt(end)) || re.charAt(end) == '-')) {
          end++;
        }
        pos = end + 1;
        if (re.charAt(end) == ')') {
          return Info.EMPTY; // inline flags
        }
        if (re.charAt(end) != ':') {
          throw new IllegalStateException("group at " + end);
        }
      }
    }
    Info inner = alternation();
    if (pos >= re.length() || re.charAt(pos) != ')') {
      throw new IllegalStateException("unclosed group");
    }
    pos++;
    return lookaround ? Info.EMPTY : inner;
  }

  /** A class of a few plain characters is their set; anything wider is unknown. */
  private Info characterClass() {
    pos++;
    boolean negated = pos < re.length() && re.charAt(pos) == '^';
    if (negated) {
      pos++;
    }
    Set<String> chars = new LinkedHashSet<>();
    boolean plain = !negated;
    boolean first = true;
    while (pos < re.length()) {
      char c = re.charAt(pos);
      if (c == '\\') {
        plain &= pos + 1 < re.length() && !Character.isLetterOrDigit(re.charAt(pos + 1));
        if (plain) {
          chars.add(String.valueOf(re.charAt(pos + 1)));
        }
        pos += re.startsWith("\\c", pos) ? 3 : 2; // \cX names a control character, whatever X is
      } else if (c == '[') {
        throw new IllegalStateException("nested class at " + pos); // unions are rare; give up rather than misread
      } else if (c == ']' && !first) { // a ']' first in the class is literal
        pos++;
        break;
      } else {
        plain &= c != '-' && c != '&' && c != '^';
        chars.add(String.valueOf(c));
        pos++;
      }
      first = false;
    }
    if (!plain || chars.isEmpty() || chars.size() > 8) {
      return Info.UNKNOWN;
    }
    Set<String> exact = new LinkedHashSet<>();
    for (String s : chars) {
      Info one = literal(s.charAt(0));
      if (one.exact() == null) {
        return Info.UNKNOWN;
      }
      exact.addAll(one.exact());
    }
    return new Info(exact, null);
  }

  private Info escape() {
    char e = re.charAt(pos + 1);
    if (!Character.isLetterOrDigit(e)) {
      pos += 2;
      return literal(e);
    }
    pos = afterEscape(pos + 1);
    return "bBAGZz".indexOf(e) >= 0 ? Info.EMPTY : Info.UNKNOWN;
  }

  /** The index after a class or special escape whose letter is at {@code e}, with its argument ({@code \x41}, {@code \p{L}}, ...). */
  private int afterEscape(int e) {
    char c = re.charAt(e);
    int i = e + 1;
    switch (c) {
      case 'x', 'p', 'P', 'N' -> {
        if (i < re.length() && re.charAt(i) == '{') {
          return re.indexOf('}', i) + 1;
        }
        return Math.min(re.length(), i + (c == 'x' ? 2 : 1));
      }
      case 'u' -> {
        return Math.min(re.length(), i + 4);
      }
      case 'c' -> {
        return Math.min(re.length(), i + 1);
      }
      case 'k' -> {
        return re.indexOf('>', i) + 1;
      }
      case '0' -> {
        while (i < re.length() && i < e + 4 && re.charAt(i) >= '0' && re.charAt(i) <= '7') {
          i++;
        }
        return i;
      }
      default -> {
        if (Character.isDigit(c)) {
          while (i < re.length() && Character.isDigit(re.charAt(i))) {
            i++;
          }
        }
        return i;
      }
    }
  }

  /** Every concatenation of one of {@code a} and one of {@code b}; null when there would be too many. */
  private static Set<String> cross(Set<String> a, Set<String> b) {
    if ((long) a.size() * b.size() > MAX_EXACT) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String x : a) {
      for (String y : b) {
        out.add(x + y);
      }
    }
    return out;
  }

  private Set<String> better(Set<String> best, Set<String> candidate) {
    if (!usable(candidate, minLength)) {
      return best;
    }
    return best == null || cost(candidate) < cost(best) ? candidate : best;
  }

  private static boolean usable(Set<String> literals, int minLength) {
    if (literals == null || literals.isEmpty()) {
      return false;
    }
    for (String s : literals) {
      if (s.length() < minLength) {
        return false;
      }
    }
    return true;
  }

  /** As {@link Anchors#cost()}: how often an event is expected to contain one of them. */
  private static double cost(Set<String> literals) {
    double cost = 0;
    for (String s : literals) {
      cost += 1.0 / s.length();
    }
    return cost;
  }
}
