package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Loads rules written inline in a test. */
final class InlineRules {
  private InlineRules() {}

  static LoadResult load(String yaml) {
    return SigmaRules.loader().add("test.yml", yaml).load();
  }

  /** The rules of {@code yaml}, which must all load. */
  static RuleSet of(String yaml) {
    LoadResult loaded = load(yaml);
    assertThat(loaded.problems()).isEmpty();
    return loaded.rules();
  }

  /** The rules of {@code yaml}, loaded with placeholders. */
  static RuleSet of(String yaml, Map<String, List<String>> placeholders) {
    LoadResult loaded = SigmaRules.loader().placeholders(placeholders).add("test.yml", yaml).load();
    assertThat(loaded.problems()).isEmpty();
    return loaded.rules();
  }

  /** A one-rule document with id {@code r} over {@code detection} (indented YAML of the detection section). */
  static String rule(String detection) {
    return "title: test rule\nid: r\nlogsource: {product: linux, category: process_creation}\ndetection:\n"
        + detection.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }

  /** Whether the one rule of {@code detection} matches {@code event}. */
  static boolean matches(String detection, Map<String, ?> event) {
    return of(rule(detection)).match(event).contains("r");
  }
}
