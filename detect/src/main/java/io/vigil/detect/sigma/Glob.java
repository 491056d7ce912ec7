package io.vigil.detect.sigma;

import java.util.Arrays;

/**
 * A Sigma string value: literal characters plus the wildcards {@code *} (any run) and {@code ?}
 * (any one character), and the dash class that {@code |windash} makes.
 *
 * <p>Escapes follow the specification: a backslash makes the {@code *}, {@code ?} or backslash
 * after it literal, and stays a literal backslash before any other character. Every other
 * character is literal, including regex metacharacters such as {@code +} and {@code .}.
 */
final class Glob {
  static final int ANY_RUN = -1;
  static final int ANY_ONE = -2;
  static final int DASH = -3;

  /** The characters {@code |windash} makes interchangeable: - / en dash, em dash, horizontal bar. */
  static final String DASHES = "-/\u2013\u2014\u2015";

  /** Characters as themselves, or ANY_RUN, ANY_ONE or DASH. */
  private final int[] codes;

  private Glob(int[] codes) {
    this.codes = codes;
  }

  /** Parses a rule value with wildcards and escapes. */
  static Glob parse(String text) {
    int[] out = new int[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '*' || next == '?' || next == '\\') {
          out[n++] = next;
          i++;
          continue;
        }
        out[n++] = c;
      } else if (c == '*') {
        out[n++] = ANY_RUN;
      } else if (c == '?') {
        out[n++] = ANY_ONE;
      } else {
        out[n++] = c;
      }
    }
    return new Glob(Arrays.copyOf(out, n));
  }

  /** A value with no wildcards at all, such as a Base64 encoding. */
  static Glob literal(String text) {
    return new Glob(text.chars().toArray());
  }

  /** True when the value has no wildcard and no dash class. */
  boolean isLiteral() {
    for (int c : codes) {
      if (c < 0) {
        return false;
      }
    }
    return true;
  }

  /** The literal text; only for {@link #isLiteral()} values. */
  String text() {
    StringBuilder out = new StringBuilder(codes.length);
    for (int c : codes) {
      if (c < 0) {
        throw new IllegalStateException("not a literal: " + this);
      }
      out.append((char) c);
    }
    return out.toString();
  }

  /** This value with every dash-like character turned into the dash class. */
  Glob windash() {
    int[] out = codes.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 0 && DASHES.indexOf(out[i]) >= 0) {
        out[i] = DASH;
      }
    }
    return new Glob(out);
  }

  /** This value with {@code *} added before (when {@code before}) and after (when {@code after}). */
  Glob surround(boolean before, boolean after) {
    int[] out = new int[codes.length + (before ? 1 : 0) + (after ? 1 : 0)];
    int n = 0;
    if (before) {
      out[n++] = ANY_RUN;
    }
    System.arraycopy(codes, 0, out, n, codes.length);
    if (after) {
      out[out.length - 1] = ANY_RUN;
    }
    return new Glob(out);
  }

  /** A matcher for this value, case-insensitive unless {@code cased}. */
  ValueMatcher compile(boolean cased) {
    if (isLiteral()) {
      return new ValueMatcher.Equals(text(), cased);
    }
    return GlobMatcher.of(codes, cased);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int c : codes) {
      switch (c) {
        case ANY_RUN -> out.append('*');
        case ANY_ONE -> out.append('?');
        case DASH -> out.append("[-/]");
        default -> out.append((char) c);
      }
    }
    return out.toString();
  }
}
