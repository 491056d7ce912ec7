package io.vigil.detect.sigma;

import java.util.List;

/**
 * A correlation rule with its references resolved.
 *
 * @param inputs the referenced rules, in the order of {@code rules} (temporal_ordered's order)
 * @param groupBy the group-by names
 * @param groupFields per input, the field each group-by name reads (after aliases)
 * @param valueFields per input, the field a value_count counts (after aliases); null for other types
 * @param monotone true when every bound is gt or gte: the rule can fire as soon as it is met
 * @param generate whether the referenced rules also alert on their own
 */
record CorrelationRule(
    SigmaRule info,
    String type,
    Input[] inputs,
    String[] groupBy,
    String[][] groupFields,
    String[] valueFields,
    long timespanMillis,
    List<CorrelationDef.Bound> bounds,
    boolean monotone,
    boolean generate) {

  /** A referenced rule: a detection rule or another correlation rule, by index in the rule set. */
  record Input(boolean correlation, int index) {}

  boolean satisfied(long count) {
    for (CorrelationDef.Bound b : bounds) {
      if (!b.test(count)) {
        return false;
      }
    }
    return true;
  }
}
