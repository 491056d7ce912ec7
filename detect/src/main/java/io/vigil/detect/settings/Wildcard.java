package io.vigil.detect.settings;

/**
 * A settings value in which {@code *} stands for any run of characters, matched exactly otherwise.
 * Immutable and thread-safe; the value is split once, when it is made.
 */
public final class Wildcard {
  private final String[] segments;

  private Wildcard(String[] segments) {
    this.segments = segments;
  }

  /** {@code value} as a pattern; without a {@code *} it matches only itself. */
  public static Wildcard of(String value) {
    return new Wildcard(value.split("\\*", -1));
  }

  /** Whether {@code value} matches: the first segment is a prefix, the last a suffix, the others in order between. */
  public boolean matches(String value) {
    if (segments.length == 1) {
      return value.equals(segments[0]);
    }
    String first = segments[0];
    String last = segments[segments.length - 1];
    if (value.length() < first.length() + last.length() || !value.startsWith(first) || !value.endsWith(last)) {
      return false;
    }
    int at = first.length();
    int end = value.length() - last.length();
    for (int i = 1; i < segments.length - 1; i++) {
      int found = value.indexOf(segments[i], at);
      if (found < 0 || found + segments[i].length() > end) {
        return false;
      }
      at = found + segments[i].length();
    }
    return true;
  }
}
