package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules that cannot load are reported by file, line and construct; the others still load. */
class SigmaProblemsTest {
  private static final String HEAD = "title: t\nid: r\nlogsource: {product: linux, category: process_creation}\n";

  /** The single problem of a one-rule text, as {@code line: message}. */
  private static String problem(String yaml) {
    LoadResult loaded = InlineRules.load(yaml);
    assertThat(loaded.problems()).hasSize(1);
    assertThat(loaded.rules().size()).isZero();
    RuleProblem p = loaded.problems().get(0);
    assertThat(p.source()).isEqualTo("test.yml");
    return p.line() + ": " + p.message();
  }

  private static String detection(String body) {
    return problem(HEAD + "detection:\n" + body);
  }

  @Test
  void unsupportedModifiersAndCombinations() {
    assertThat(detection("  sel:\n    UtcTime|hour: 3\n  condition: sel\n")).isEqualTo("6: unsupported modifier 'hour' in 'UtcTime|hour'");
    assertThat(detection("  sel:\n    A|contains|endswith: x\n  condition: sel\n"))
        .isEqualTo("6: modifiers 'contains' and 'endswith' cannot be combined in 'A|contains|endswith'");
    assertThat(detection("  sel:\n    A|re|contains: x\n  condition: sel\n")).isEqualTo("6: modifiers 're' and 'contains' cannot be combined in 'A|re|contains'");
    assertThat(detection("  sel:\n    A|cidr|re: x\n  condition: sel\n")).isEqualTo("6: modifiers 'cidr' and 're' cannot be combined in 'A|cidr|re'");
    assertThat(detection("  sel:\n    A|contains|i: x\n  condition: sel\n")).isEqualTo("6: modifier 'i' needs 're' in 'A|contains|i'");
    assertThat(detection("  sel:\n    A|wide|contains: x\n  condition: sel\n"))
        .isEqualTo("6: modifier 'wide' must be followed by 'base64' or 'base64offset' in 'A|wide|contains'");
    assertThat(detection("  sel:\n    A|base64offset: x\n  condition: sel\n")).isEqualTo("6: modifier 'base64offset' needs 'contains' in 'A|base64offset'");
    assertThat(detection("  sel:\n    A|exists|all: true\n  condition: sel\n"))
        .isEqualTo("6: modifier 'exists' cannot be combined with other modifiers in 'A|exists|all'");
    assertThat(detection("  sel:\n    A|gt|cased: 3\n  condition: sel\n")).isEqualTo("6: modifiers 'gt' and 'cased' cannot be combined in 'A|gt|cased'");
    assertThat(detection("  sel:\n    A||contains: x\n  condition: sel\n")).isEqualTo("6: empty modifier in 'A||contains'");
  }

  @Test
  void badValues() {
    assertThat(detection("  sel:\n    A|re: '(abc'\n  condition: sel\n"))
        .isEqualTo("6: invalid regular expression '(abc' in 'A|re': Unclosed group");
    assertThat(detection("  sel:\n    A|cidr: 10.0.0/8\n  condition: sel\n")).isEqualTo("6: invalid CIDR '10.0.0/8' in 'A|cidr'");
    assertThat(detection("  sel:\n    A|cidr: 10.0.0.0/33\n  condition: sel\n")).isEqualTo("6: invalid CIDR '10.0.0.0/33' in 'A|cidr'");
    assertThat(detection("  sel:\n    A|gt: many\n  condition: sel\n")).isEqualTo("6: modifier 'gt' needs a number in 'A|gt', got 'many'");
    assertThat(detection("  sel:\n    A|exists: maybe\n  condition: sel\n")).isEqualTo("6: modifier 'exists' needs true or false in 'A|exists', got 'maybe'");
    assertThat(detection("  sel:\n    A|contains: null\n  condition: sel\n")).isEqualTo("6: null cannot be combined with modifiers in 'A|contains'");
    assertThat(detection("  sel:\n    A|base64: 'x*'\n  condition: sel\n")).isEqualTo("6: modifier 'base64' cannot encode the wildcards in 'x*'");
    assertThat(detection("  sel:\n    A: []\n  condition: sel\n")).isEqualTo("6: 'A' has an empty list of values");
    assertThat(detection("  sel:\n    A: {b: c}\n  condition: sel\n")).isEqualTo("6: 'A' holds a map; expected a value or a list of values");
    assertThat(detection("  sel:\n    A|expand: '%Admins%'\n  condition: sel\n"))
        .isEqualTo("6: placeholder '%Admins%' is not defined (in 'A|expand')");
  }

  @Test
  void badConditions() {
    String ids = "  sel:\n    A: x\n  filter:\n    B: y\n";
    assertThat(detection(ids + "  condition: sel and\n")).isEqualTo("9: condition 'sel and': expected a search identifier at the end");
    assertThat(detection(ids + "  condition: sel and selection\n")).isEqualTo("9: condition 'sel and selection': unknown search identifier 'selection'");
    assertThat(detection(ids + "  condition: (sel or filter\n")).isEqualTo("9: condition '(sel or filter': missing ')'");
    assertThat(detection(ids + "  condition: sel filter\n")).isEqualTo("9: condition 'sel filter': unexpected 'filter'");
    assertThat(detection(ids + "  condition: 2 of sel*\n")).isEqualTo("9: condition '2 of sel*': '2 of' is not supported; use '1 of' or 'all of'");
    assertThat(detection(ids + "  condition: 1 of keyword*\n")).isEqualTo("9: condition '1 of keyword*': '1 of keyword*' matches no search identifier");
    assertThat(detection(ids + "  condition: sel | count() by User > 5\n"))
        .isEqualTo("9: aggregation expressions ('| count() by User > 5') are not supported; use a correlation rule");
    assertThat(detection(ids + "  condition: sel near filter\n")).isEqualTo("9: condition 'sel near filter': unexpected 'near'");
    assertThat(detection(ids + "  condition: ''\n")).isEqualTo("9: the condition is empty");
    assertThat(detection(ids)).isEqualTo("4: the detection has no 'condition'");
    assertThat(detection(ids + "  timeframe: 5m\n  condition: sel\n")).isEqualTo("9: 'timeframe' is not supported; use a correlation rule with 'timespan'");
  }

  @Test
  void badRuleStructure() {
    assertThat(problem("id: r\nlogsource: {product: linux}\ndetection: {sel: {A: x}, condition: sel}\n")).isEqualTo("1: missing 'title'");
    assertThat(problem("title: t\ndetection: {sel: {A: x}, condition: sel}\n")).isEqualTo("1: missing 'logsource'");
    assertThat(problem("title: t\nlogsource: {product: linux}\n")).isEqualTo("1: a rule needs 'detection' or 'correlation'");
    assertThat(problem(HEAD + "level: severe\ndetection: {sel: {A: x}, condition: sel}\n"))
        .isEqualTo("4: 'level' must be one of informational, low, medium, high, critical; got 'severe'");
    assertThat(problem(HEAD + "vigil.alertname: X\ndetection: {sel: {A: x}, condition: sel}\n"))
        .isEqualTo("4: unknown Vigil field 'vigil.alertname' (known: vigil.alertName, vigil.remediation)");
    assertThat(problem("action: global\ntitle: t\n")).isEqualTo("1: 'action' (Sigma 1.0 rule collections) is not supported; write each rule in full");
    assertThat(problem(HEAD + "title: again\ndetection: {sel: {A: x}, condition: sel}\n")).isEqualTo("4: duplicate key 'title' (first on line 1)");
    assertThat(problem("- just\n- a list\n")).isEqualTo("1: a rule must be a map, got a list");
    assertThat(problem(HEAD + "detection:\n  sel:\n    - A: x\n    - plain\n  condition: sel\n"))
        .isEqualTo("7: search identifier 'sel' mixes maps and plain values in one list");
  }

  @Test
  void yamlSyntaxErrorsNameTheLine() {
    assertThat(problem(HEAD + "detection:\n  sel:\n    A: [x, y\n  condition: sel\n")).startsWith("7: YAML syntax error: ");
    assertThat(problem("title: t\n  id: bad: indent\n")).startsWith("2: YAML syntax error: mapping values are not allowed here");
  }

  @Test
  void otherRulesOfTheFileStillLoad() {
    String yaml = HEAD + "detection: {sel: {A: x}, condition: sel}\n---\n"
        + "title: broken\nid: b\nlogsource: {product: linux}\ndetection:\n  sel:\n    A|hour: 1\n  condition: sel\n---\n"
        + "title: fine\nid: f\nlogsource: {product: linux}\ndetection: {sel: {B: y}, condition: sel}\n";
    LoadResult loaded = InlineRules.load(yaml);
    assertThat(loaded.problems()).extracting(RuleProblem::toString)
        .containsExactly("test.yml:11: unsupported modifier 'hour' in 'A|hour'");
    assertThat(loaded.rules().rules()).extracting(SigmaRule::id).containsExactly("r", "f");
    assertThat(loaded.rules().match(Map.of("B", "y"))).containsExactly("f");
  }

  @Test
  void filesAndDirectoriesAreReadRecursivelyAndEachProblemNamesItsFile(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("a.yml"), HEAD + "detection: {sel: {A: x}, condition: sel}\n");
    Files.writeString(dir.resolve("sub/b.yaml"), "title: b\nlogsource: {product: linux}\ndetection:\n  sel:\n    A|nope: x\n  condition: sel\n");
    Files.writeString(dir.resolve("notes.txt"), "not a rule");
    Files.write(dir.resolve("sub/c.yml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
    LoadResult loaded = SigmaRules.loader().add(dir).add(dir.resolve("missing.yml")).load();
    assertThat(loaded.sources()).containsExactly(dir.resolve("a.yml").toString(), dir.resolve("sub/b.yaml").toString(),
        dir.resolve("sub/c.yml").toString(), dir.resolve("missing.yml").toString());
    assertThat(loaded.problems()).extracting(RuleProblem::toString).containsExactly(
        dir.resolve("sub/b.yaml") + ":5: unsupported modifier 'nope' in 'A|nope'",
        dir.resolve("sub/c.yml") + ": not valid UTF-8",
        dir.resolve("missing.yml") + ": no such file or directory");
    assertThat(loaded.rules().rules()).extracting(SigmaRule::id).containsExactly("r");
  }

  @Test
  void emptyDocumentsAreNotRules() {
    LoadResult loaded = InlineRules.load("---\n" + HEAD + "detection: {sel: {A: x}, condition: sel}\n---\n---\n");
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.rules().rules()).extracting(SigmaRule::id).containsExactly("r");
  }

  @Test
  void duplicateIdsAndNames() {
    String yaml = HEAD + "name: n\ndetection: {sel: {A: x}, condition: sel}\n---\n" + HEAD + "detection: {sel: {A: y}, condition: sel}\n---\n"
        + "title: u\nid: other\nname: n\nlogsource: {product: linux}\ndetection: {sel: {A: z}, condition: sel}\n---\n"
        + "title: v\nid: n\nlogsource: {product: linux}\ndetection: {sel: {A: z}, condition: sel}\n";
    LoadResult loaded = InlineRules.load(yaml);
    assertThat(loaded.problems()).extracting(RuleProblem::toString).containsExactly(
        "test.yml:7: duplicate rule id 'r' (first at test.yml:1)",
        "test.yml:12: duplicate rule name 'n' (first at test.yml:1)",
        "test.yml:18: duplicate rule id 'n' (first at test.yml:1)");
    assertThat(loaded.rules().match(Map.of("A", "x"))).containsExactly("r");
  }

  @Test
  void ruleIdsDefaultToTheNameThenTheFileName() {
    LoadResult loaded = SigmaRules.loader().add("dir/cron_write.yml", "title: a\nlogsource: {product: linux}\ndetection: {s: {A: x}, condition: s}\n---\n"
        + "title: b\nname: named\nlogsource: {product: linux}\ndetection: {s: {A: x}, condition: s}\n").load();
    assertThat(loaded.rules().rules()).extracting(SigmaRule::id).containsExactly("cron_write#1", "named");
  }

  @Test
  void placeholdersAreSetOnce() {
    SigmaRules.Loader loader = SigmaRules.loader().placeholders(Map.of("A", List.of("x")));
    assertThatThrownBy(() -> loader.placeholders(Map.of())).isInstanceOf(IllegalStateException.class)
        .hasMessage("placeholders were already set to {A=[x]}");
  }
}
