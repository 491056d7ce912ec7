package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matches a value with wildcards: the pattern is cut at each {@code *} into segments; the first
 * must match at the start, the last at the end, and the others in order in between. Leftmost
 * placement of the middle segments is always right for {@code *}-only gaps, so there is no
 * backtracking and a match costs at most one scan per segment.
 */
final class GlobMatcher implements ValueMatcher {
  private final Segment[] segments;
  private final boolean cased;
  private final int minLength;
  private final Anchors.Anchor anchor;

  private GlobMatcher(Segment[] segments, boolean cased, Anchors.Anchor anchor) {
    this.segments = segments;
    this.cased = cased;
    this.anchor = anchor;
    int min = 0;
    for (Segment s : segments) {
      min += s.length();
    }
    this.minLength = min;
  }

  static GlobMatcher of(int[] codes, boolean cased) {
    List<Segment> segments = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= codes.length; i++) {
      if (i == codes.length || codes[i] == Glob.ANY_RUN) {
        segments.add(Segment.of(codes, start, i, cased));
        start = i + 1;
      }
    }
    return new GlobMatcher(segments.toArray(Segment[]::new), cased, anchor(segments, cased));
  }

  /**
   * The most selective of: the literal the value must start with, the one it must end with, and
   * the longest literal it must contain. Null when there is none, or when the only ones are
   * case-sensitive and not ASCII (lower-casing such a value may change its neighbours too).
   */
  private static Anchors.Anchor anchor(List<Segment> segments, boolean cased) {
    List<Anchors.Anchor> candidates = new ArrayList<>();
    String head = segments.get(0).plainHead();
    String tail = segments.get(segments.size() - 1).plainTail();
    if (!head.isEmpty()) {
      candidates.add(new Anchors.Anchor("", Anchors.Kind.PREFIX, head));
    }
    if (!tail.isEmpty()) {
      candidates.add(new Anchors.Anchor("", Anchors.Kind.SUFFIX, tail));
    }
    String longest = "";
    for (Segment s : segments) {
      String lit = s.longestLiteral();
      if (lit.length() > longest.length()) {
        longest = lit;
      }
    }
    if (longest.length() >= Anchors.MIN_LITERAL) {
      candidates.add(new Anchors.Anchor("", Anchors.Kind.CONTAINS, longest));
    }
    Anchors.Anchor best = null;
    for (Anchors.Anchor a : candidates) {
      String literal = a.literal().toLowerCase(Locale.ROOT);
      if (cased && !ascii(literal)) {
        continue;
      }
      a = new Anchors.Anchor("", a.kind(), literal);
      if (best == null || a.cost() < best.cost()) {
        best = a;
      }
    }
    return best;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean test(String raw, String lower) {
    String s = cased ? raw : lower;
    int len = s.length();
    if (len < minLength) {
      return false;
    }
    int last = segments.length - 1;
    if (last == 0) {
      return len == segments[0].length() && segments[0].matchesAt(s, 0);
    }
    Segment head = segments[0];
    Segment tail = segments[last];
    int tailAt = len - tail.length();
    if (!head.matchesAt(s, 0) || !tail.matchesAt(s, tailAt)) {
      return false;
    }
    int pos = head.length();
    for (int i = 1; i < last; i++) {
      int at = segments[i].find(s, pos, tailAt);
      if (at < 0) {
        return false;
      }
      pos = at + segments[i].length();
    }
    return true;
  }

  @Override
  public boolean needsLowerCase() {
    return !cased;
  }

  @Override
  public Anchors anchors(String field) {
    return anchor == null ? null : Anchors.of(new Anchors.Anchor(field, anchor.kind(), anchor.literal()));
  }

  /** The text between two {@code *}: literal characters, {@code ?} and dash classes. */
  private record Segment(String literal, int[] codes) {
    static Segment of(int[] all, int from, int to, boolean cased) {
      boolean plain = true;
      for (int i = from; i < to; i++) {
        plain &= all[i] >= 0;
      }
      if (plain) {
        StringBuilder text = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
          text.append((char) all[i]);
        }
        return new Segment(cased ? text.toString() : text.toString().toLowerCase(Locale.ROOT), null);
      }
      int[] codes = new int[to - from];
      for (int i = from; i < to; i++) {
        int c = all[i];
        codes[i - from] = c >= 0 && !cased ? Character.toLowerCase((char) c) : c;
      }
      return new Segment(null, codes);
    }

    int length() {
      return literal != null ? literal.length() : codes.length;
    }

    boolean matchesAt(String s, int at) {
      if (at < 0 || at + length() > s.length()) {
        return false;
      }
      if (literal != null) {
        return s.startsWith(literal, at);
      }
      for (int i = 0; i < codes.length; i++) {
        char c = s.charAt(at + i);
        int p = codes[i];
        if (p == Glob.ANY_ONE || p == c || p == Glob.DASH && Glob.DASHES.indexOf(c) >= 0) {
          continue;
        }
        return false;
      }
      return true;
    }

    /** The first position in [from, to - length] where this segment matches, or -1. */
    int find(String s, int from, int to) {
      if (literal != null) {
        int at = s.indexOf(literal, from);
        return at >= 0 && at + literal.length() <= to ? at : -1;
      }
      for (int at = from; at + codes.length <= to; at++) {
        if (matchesAt(s, at)) {
          return at;
        }
      }
      return -1;
    }

    /** The literal characters this segment starts with. */
    String plainHead() {
      if (literal != null) {
        return literal;
      }
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < codes.length && codes[i] >= 0; i++) {
        out.append((char) codes[i]);
      }
      return out.toString();
    }

    /** The literal characters this segment ends with. */
    String plainTail() {
      if (literal != null) {
        return literal;
      }
      int from = codes.length;
      while (from > 0 && codes[from - 1] >= 0) {
        from--;
      }
      StringBuilder out = new StringBuilder();
      for (int i = from; i < codes.length; i++) {
        out.append((char) codes[i]);
      }
      return out.toString();
    }

    String longestLiteral() {
      if (literal != null) {
        return literal;
      }
      String best = "";
      StringBuilder run = new StringBuilder();
      for (int i = 0; i <= codes.length; i++) {
        if (i < codes.length && codes[i] >= 0) {
          run.append((char) codes[i]);
        } else {
          best = run.length() > best.length() ? run.toString() : best;
          run.setLength(0);
        }
      }
      return best;
    }
  }
}
