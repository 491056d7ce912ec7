package io.vigil.detect.sigma;

import static io.vigil.detect.sigma.InlineRules.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every form of condition. */
class SigmaConditionTest {
  private static final String IDS = """
      sel_a:
        F: a
      sel_b:
        G: b
      filter:
        H: c
      _hidden:
        K: k
      """;

  private static boolean when(String condition, Map<String, ?> event) {
    return matches(IDS + "condition: " + condition + "\n", event);
  }

  @Test
  void andOrNot() {
    assertThat(when("sel_a and sel_b", Map.of("F", "a", "G", "b"))).isTrue();
    assertThat(when("sel_a and sel_b", Map.of("F", "a"))).isFalse();
    assertThat(when("sel_a or sel_b", Map.of("G", "b"))).isTrue();
    assertThat(when("sel_a or sel_b", Map.of("H", "c"))).isFalse();
    assertThat(when("sel_a and not filter", Map.of("F", "a"))).isTrue();
    assertThat(when("sel_a and not filter", Map.of("F", "a", "H", "c"))).isFalse();
    assertThat(when("not not sel_a", Map.of("F", "a"))).isTrue();
    assertThat(when("sel_a AND NOT filter", Map.of("F", "a"))).as("operators in any case").isTrue();
  }

  @Test
  void parentheses() {
    assertThat(when("sel_a and (sel_b or filter)", Map.of("F", "a", "H", "c"))).isTrue();
    assertThat(when("sel_a and (sel_b or filter)", Map.of("F", "a"))).isFalse();
    assertThat(when("not (sel_a or sel_b)", Map.of("H", "c"))).isTrue();
    assertThat(when("not (sel_a or sel_b)", Map.of("G", "b"))).isFalse();
    assertThat(when("((sel_a))", Map.of("F", "a"))).isTrue();
  }

  @Test
  void oneOfAndAllOfAPattern() {
    assertThat(when("1 of sel_*", Map.of("G", "b"))).isTrue();
    assertThat(when("1 of sel_*", Map.of("H", "c"))).isFalse();
    assertThat(when("all of sel_*", Map.of("F", "a", "G", "b"))).isTrue();
    assertThat(when("all of sel_*", Map.of("F", "a"))).isFalse();
    assertThat(when("1 of *_b", Map.of("G", "b"))).as("a wildcard anywhere").isTrue();
    assertThat(when("1 of sel_* and not 1 of filter*", Map.of("F", "a", "H", "c"))).isFalse();
  }

  @Test
  void oneOfAndAllOfThemLeaveOutUnderscoredIdentifiers() {
    assertThat(when("1 of them", Map.of("H", "c"))).isTrue();
    assertThat(when("1 of them", Map.of("K", "k"))).as("_hidden is not one of them").isFalse();
    assertThat(when("all of them", Map.of("F", "a", "G", "b", "H", "c"))).as("_hidden is not needed").isTrue();
    assertThat(when("all of them", Map.of("F", "a", "G", "b"))).isFalse();
    assertThat(when("1 of _*", Map.of("K", "k"))).as("a pattern may name them").isTrue();
  }

  @Test
  void aListOfConditionsIsOred() {
    String rule = IDS + "condition:\n  - sel_a and filter\n  - sel_b\n";
    assertThat(matches(rule, Map.of("G", "b"))).isTrue();
    assertThat(matches(rule, Map.of("F", "a", "H", "c"))).isTrue();
    assertThat(matches(rule, Map.of("F", "a"))).isFalse();
  }
}
