package io.vigil.detect.recommend;

import io.vigil.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An agent version as {@code MAJOR.MINOR.PATCH[-QUALIFIER]}, compared by its numbers; a version with
 * a qualifier (a pre-release such as {@code -SNAPSHOT}) comes before the same numbers without one.
 * Text that does not start with a number compares as unknown and is never called outdated.
 */
record AgentVersion(List<Integer> numbers, boolean preRelease, String text) implements Comparable<AgentVersion> {
  static AgentVersion parse(String text) {
    String t = text.strip();
    int dash = t.indexOf('-');
    String core = dash < 0 ? t : t.substring(0, dash);
    List<Integer> numbers = new ArrayList<>();
    for (String part : core.split("\\.")) {
      if (!part.matches("\\d{1,9}")) {
        return new AgentVersion(List.of(), false, text);
      }
      numbers.add(Integer.parseInt(part));
    }
    return new AgentVersion(List.copyOf(numbers), dash >= 0, text);
  }

  boolean known() {
    return !numbers.isEmpty();
  }

  @Override
  public int compareTo(AgentVersion o) {
    for (int i = 0; i < Math.max(numbers.size(), o.numbers.size()); i++) {
      int a = i < numbers.size() ? numbers.get(i) : 0;
      int b = i < o.numbers.size() ? o.numbers.get(i) : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return Boolean.compare(o.preRelease, preRelease);
  }

  /** {@code IoT_AgentOutdated} when {@code reported} is older than {@code current}. */
  static List<Finding> findings(String reported, AgentVersion current) {
    AgentVersion v = parse(reported);
    if (!v.known() || !current.known() || v.compareTo(current) >= 0) {
      return List.of();
    }
    return List.of(new Finding(RecommendationKind.AGENT_OUTDATED, "agent", Severity.LOW,
        "The agent reports version " + reported + "; the hub ships " + current.text() + ".",
        Map.of("AgentVersion", reported, "CurrentVersion", current.text())));
  }
}
