package io.vigil.detect.sigma;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The longest literal that every match of a regular expression must contain, so that {@code |re}
 * rules join the literal prefilter instead of running on every event.
 *
 * <p>Conservative: it reads only the top level of the expression, outside groups, character
 * classes and escapes that stand for classes, and gives up (null) on top-level alternation, the
 * comments flag and quoting. A character followed by {@code ?}, {@code *} or a {@code {0,...}}
 * quantifier is optional and ends the run without being part of it; one followed by {@code +} or
 * another quantifier ends the run with it. The literal is lower-cased, as the index compares
 * lower-cased values, which is a looser test than a case-sensitive expression's. Under the
 * case-insensitive flag the letters {@code s} and {@code k} end a run: Unicode case folding matches
 * them to characters (U+017F, U+212A) whose lower case is not {@code s} or {@code k}.
 */
final class RegexLiterals {
  private RegexLiterals() {}

  /** The required literal of {@code pattern}, lower-cased, at least {@link Anchors#MIN_LITERAL} long; null when none is known. */
  static String required(Pattern pattern) {
    String re = pattern.pattern();
    boolean caseless = (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0 || re.contains("(?i");
    if ((pattern.flags() & (Pattern.COMMENTS | Pattern.LITERAL)) != 0 || re.contains("(?x") || re.contains("\\Q")) {
      return null;
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      char literal;
      int next;
      if (c == '\\' && i + 1 < re.length()) {
        char e = re.charAt(i + 1);
        if (Character.isLetterOrDigit(e)) {
          best = longer(best, run);
          run.setLength(0);
          i = skipQuantifier(re, afterEscape(re, i + 1));
          continue;
        }
        literal = e;
        next = i + 2;
      } else if (c == '[') {
        best = longer(best, run);
        run.setLength(0);
        i = skipQuantifier(re, closeClass(re, i));
        continue;
      } else if (c == '(') {
        best = longer(best, run);
        run.setLength(0);
        int close = closeGroup(re, i);
        if (close < 0) {
          return null;
        }
        i = skipQuantifier(re, close);
        continue;
      } else if (c == '|') {
        return null; // a top-level alternative may avoid every literal
      } else if (c == '.' || c == '^' || c == '$' || c == ')' || c == ']' || c == '{' || c == '*' || c == '+' || c == '?') {
        best = longer(best, run);
        run.setLength(0);
        i++;
        continue;
      } else {
        literal = c;
        next = i + 1;
      }
      char q = next < re.length() ? re.charAt(next) : 0;
      boolean optional = q == '?' || q == '*' || (q == '{' && re.startsWith("{0", next));
      boolean repeated = q == '+' || q == '{';
      boolean folds = caseless && "sSkK".indexOf(literal) >= 0;
      if (optional || folds) {
        best = longer(best, run);
        run.setLength(0);
      } else {
        run.append(literal);
        if (repeated) {
          best = longer(best, run);
          run.setLength(0);
        }
      }
      i = optional || repeated ? skipQuantifier(re, next) : next;
    }
    best = longer(best, run);
    return best.length() >= Anchors.MIN_LITERAL ? best.toLowerCase(Locale.ROOT) : null;
  }

  /** The index after a class or special escape whose letter is at {@code e}, with its argument ({@code \x41}, {@code \p{L}}, ...). */
  private static int afterEscape(String re, int e) {
    char c = re.charAt(e);
    int i = e + 1;
    switch (c) {
      case 'x', 'p', 'P' -> {
        if (i < re.length() && re.charAt(i) == '{') {
          int close = re.indexOf('}', i);
          return close < 0 ? re.length() : close + 1;
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
        int close = re.indexOf('>', i);
        return close < 0 ? re.length() : close + 1;
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

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }

  /** The index after a quantifier at {@code i} (and its lazy or possessive mark), or {@code i} when there is none. */
  private static int skipQuantifier(String re, int i) {
    if (i >= re.length()) {
      return i;
    }
    char q = re.charAt(i);
    int j = i;
    if (q == '?' || q == '*' || q == '+') {
      j = i + 1;
    } else if (q == '{') {
      int close = re.indexOf('}', i);
      j = close < 0 ? re.length() : close + 1;
    } else {
      return i;
    }
    return j < re.length() && (re.charAt(j) == '?' || re.charAt(j) == '+') ? j + 1 : j;
  }

  /** The index after the character class that opens at {@code open}. */
  private static int closeClass(String re, int open) {
    int i = open + 1;
    if (i < re.length() && re.charAt(i) == '^') {
      i++;
    }
    if (i < re.length() && re.charAt(i) == ']') {
      i++;
    }
    int depth = 1;
    while (i < re.length() && depth > 0) {
      char c = re.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
      i++;
    }
    return i;
  }

  /** The index after the group that opens at {@code open}; -1 when it does not close. */
  private static int closeGroup(String re, int open) {
    int depth = 0;
    for (int i = open; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        i = closeClass(re, i) - 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
