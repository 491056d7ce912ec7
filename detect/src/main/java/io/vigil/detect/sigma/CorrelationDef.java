package io.vigil.detect.sigma;

import java.util.List;
import java.util.Map;

/**
 * A correlation rule as written, before its references are resolved.
 *
 * @param rules the referenced rule ids or names, with their lines
 * @param groupBy the group-by fields (or aliases); empty to group by device only
 * @param aliases alias name to (referenced rule id or name to field name)
 * @param timespanMillis the window length
 * @param conditions the condition's bounds, all of which must hold
 * @param field the counted field of a value_count; null otherwise
 * @param generate whether the referenced rules also alert on their own
 */
record CorrelationDef(
    SigmaRule info,
    String type,
    List<Reference> rules,
    List<String> groupBy,
    Map<String, Map<String, String>> aliases,
    long timespanMillis,
    List<Bound> conditions,
    String field,
    boolean generate) {

  record Reference(String name, int line) {}

  /** One bound of the condition, for example {@code gte: 10}. */
  record Bound(String op, long value) {
    boolean test(long count) {
      return switch (op) {
        case "gt" -> count > value;
        case "gte" -> count >= value;
        case "lt" -> count < value;
        case "lte" -> count <= value;
        case "eq" -> count == value;
        case "neq" -> count != value;
        default -> throw new IllegalStateException("bound " + op);
      };
    }

    /** True for the bounds that, once met, stay met however many more events come. */
    boolean monotone() {
      return op.equals("gt") || op.equals("gte");
    }
  }
}
