package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * The prefilter of a rule: literals at least one of which an event must contain for the rule to
 * match. A rule whose condition yields anchors is evaluated only when the literal index finds one
 * of them in the event; a rule without anchors (null) is evaluated for every event.
 *
 * @param anchors the alternatives, ORed
 */
record Anchors(List<Anchor> anchors) {
  /** Shorter substrings hit too often to be worth indexing; prefixes, suffixes and values may be shorter. */
  static final int MIN_LITERAL = 3;

  /** Field name of a keyword anchor: the literal may be in any field. */
  static final String ANY_FIELD = "*";

  /** Where the literal must be in the field's (lower-cased) value. */
  enum Kind {
    /** The whole value. */
    EQUALS,
    /** Anywhere in it. */
    CONTAINS,
    /** At its start. */
    PREFIX,
    /** At its end. */
    SUFFIX
  }

  /**
   * One literal.
   *
   * @param field the field it must be in, or {@link #ANY_FIELD} (then the kind is CONTAINS)
   * @param kind where in the value
   * @param literal lower-cased; at least {@link #MIN_LITERAL} long when the kind is CONTAINS
   */
  record Anchor(String field, Kind kind, String literal) {
    /** The anchor on the whole value ({@code exact}) or anywhere in it. */
    Anchor(String field, boolean exact, String literal) {
      this(field, exact ? Kind.EQUALS : Kind.CONTAINS, literal);
    }

    /**
     * How often an event is expected to pass: a whole value rarely, a substring by the inverse of
     * its length, and a prefix or suffix, whose place is fixed, less often than a substring.
     */
    double cost() {
      return switch (kind) {
        case EQUALS -> 0.05;
        case CONTAINS -> 1.0 / literal.length();
        case PREFIX, SUFFIX -> 0.5 / Math.max(1, literal.length());
      };
    }
  }

  static Anchors of(Anchor anchor) {
    return anchor == null ? null : new Anchors(List.of(anchor));
  }

  /** Anchors for an OR: every alternative needs anchors, or the OR has none. */
  static Anchors union(List<Anchors> alternatives) {
    List<Anchor> all = new ArrayList<>();
    for (Anchors a : alternatives) {
      if (a == null) {
        return null;
      }
      all.addAll(a.anchors);
    }
    return all.isEmpty() ? null : new Anchors(List.copyOf(all));
  }

  /** Anchors for an AND: any one part's anchors will do, so take the most selective. */
  static Anchors best(List<Anchors> parts) {
    Anchors best = null;
    for (Anchors a : parts) {
      if (a != null && (best == null || a.cost() < best.cost())) {
        best = a;
      }
    }
    return best;
  }

  /** How often this set is expected to let an event through: the sum of its anchors' costs. */
  double cost() {
    double cost = 0;
    for (Anchor a : anchors) {
      cost += a.cost();
    }
    return cost;
  }
}
