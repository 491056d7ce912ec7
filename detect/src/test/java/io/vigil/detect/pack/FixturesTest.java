package io.vigil.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture runs that fail say which rule file, which fixture, which line and why. */
class FixturesTest {
  private static final String RULE = """
      title: Netcat run
      id: nc
      logsource: {product: linux, category: process_creation}
      detection: {sel: {Image|endswith: /nc}, condition: sel}
      vigil.alertName: IoT_Netcat
      """;
  private static final String NC = "{\"logsource\":{\"product\":\"linux\",\"category\":\"process_creation\"},\"Image\":\"/bin/nc\"}\n";
  private static final String LS = "{\"logsource\":{\"product\":\"linux\",\"category\":\"process_creation\"},\"Image\":\"/bin/ls\"}\n";

  @TempDir Path dir;

  private Fixtures.Result run(String positive, String negative) throws Exception {
    Files.writeString(dir.resolve("nc.yml"), RULE);
    if (positive != null) {
      Files.writeString(dir.resolve("nc.positive.jsonl"), positive);
    }
    if (negative != null) {
      Files.writeString(dir.resolve("nc.negative.jsonl"), negative);
    }
    List<Fixtures.Result> results = Fixtures.run(RuleFiles.under(List.of(dir)));
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void passingFixtures() throws Exception {
    Fixtures.Result r = run(NC, LS);
    assertThat(r.ok()).isTrue();
    assertThat(r.label()).isEqualTo("IoT_Netcat");
  }

  @Test
  void aPositiveFixtureOnWhichNothingFires() throws Exception {
    assertThat(run(LS, LS).failures()).containsExactly(dir.resolve("nc.positive.jsonl") + ": no rule of the file raised an alert");
  }

  @Test
  void aNegativeFixtureOnWhichTheRuleFiresNamesTheRuleAndTheLine() throws Exception {
    assertThat(run(NC, LS + NC).failures()).containsExactly(dir.resolve("nc.negative.jsonl") + ": IoT_Netcat ('Netcat run') fired on line 2");
  }

  @Test
  void missingEmptyAndMalformedFixtures() throws Exception {
    assertThat(run(null, "\n").failures()).containsExactly(
        "no positive fixture: expected " + dir.resolve("nc.positive.jsonl"),
        dir.resolve("nc.negative.jsonl") + ": has no events");
    assertThat(run(NC + "{\"Image\": ", LS).failures()).singleElement().asString()
        .startsWith(dir.resolve("nc.positive.jsonl") + ":2: malformed JSON: Unexpected end-of-input");
  }

  @Test
  void aRuleFileThatDoesNotLoadFailsWithItsProblem() throws Exception {
    Files.writeString(dir.resolve("bad.yml"), "title: Bad\nlogsource: {category: x}\ndetection: {sel: {A|hour: 1}, condition: sel}\n");
    Files.writeString(dir.resolve("nc.yml"), RULE);
    List<Fixtures.Result> results = Fixtures.run(RuleFiles.under(List.of(dir)));
    assertThat(results.get(0).failures()).containsExactly("does not load: " + dir.resolve("bad.yml") + ":3: unsupported modifier 'hour' in 'A|hour'");
  }

  @Test
  void aPathThatDoesNotExistIsNamed() {
    assertThatThrownBy(() -> RuleFiles.under(List.of(dir.resolve("nope"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(dir.resolve("nope") + ": no such file or directory");
  }

  @Test
  void eventLinesAreReadAsRulesEvalReadsThem() {
    EventLine e = EventLine.parse("{\"logsource\":{\"product\":\"linux\"},\"timestamp\":\"2026-03-01T10:00:00Z\",\"device\":\"gw-1\","
        + "\"process\":{\"name\":\"nc\"},\"Ports\":[22,23],\"Ratio\":1.50,\"Missing\":null}");
    assertThat(e.fields()).containsEntry("process.name", "nc").containsEntry("Ports", List.of(22L, 23L)).containsEntry("Ratio", "1.5")
        .containsKey("Missing");
    assertThat(e.device()).isEqualTo("gw-1");
    assertThat(e.logsources()).singleElement().hasToString("product: linux");
    assertThatThrownBy(() -> EventLine.parse("[1]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> EventLine.parse("{\"device\": 3}")).hasMessage("'device' must be a non-empty string, got 3");
    assertThatThrownBy(() -> EventLine.parse("{\"timestamp\": \"yesterday\"}"))
        .hasMessage("'timestamp' must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, got \"yesterday\"");
    assertThatThrownBy(() -> EventLine.parse("{\"logsource\": 1}"))
        .hasMessage("'logsource' must be an object such as {\"product\":\"linux\",\"category\":\"process_creation\"}");
  }
}
