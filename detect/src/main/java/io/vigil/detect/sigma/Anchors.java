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
  /** Shorter literals hit too often to be worth indexing. */
  static final int MIN_LITERAL = 3;

  /** Field name of a keyword anchor: the literal may be in any field. */
  static final String ANY_FIELD = "*";

  /**
   * One literal.
   *
   * @param field the field it must be in, or {@link #ANY_FIELD}
   * @param exact true when the field must equal the literal, false when it must contain it
   * @param literal lower-cased
   */
  record Anchor(String field, boolean exact, String literal) {}

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

  /**
   * How often this set is expected to let an event through: each exact value counts little, each
   * substring by the inverse of its length, so long literals and few alternatives win.
   */
  double cost() {
    double cost = 0;
    for (Anchor a : anchors) {
      cost += a.exact ? 0.05 : 1.0 / a.literal.length();
    }
    return cost;
  }
}
