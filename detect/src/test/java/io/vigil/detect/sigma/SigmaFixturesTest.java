package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Real-world-style rules under {@code SigmaFixturesTest/rules}, each with positive and negative
 * events under {@code SigmaFixturesTest/events} (same file name).
 */
class SigmaFixturesTest {
  private final Path root = fixtures();

  private static Path fixtures() {
    try {
      return Path.of(SigmaFixturesTest.class.getResource("SigmaFixturesTest").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Fixture(String file, Logsource logsource, List<Map<String, Object>> positive, List<Map<String, Object>> negative) {}

  @SuppressWarnings("unchecked")
  private List<Fixture> events() throws IOException {
    List<Fixture> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(root.resolve("events"))) {
      for (Path f : files.sorted().toList()) {
        Map<String, Object> doc = new Yaml().load(Files.readString(f));
        Map<String, String> ls = (Map<String, String>) doc.get("logsource");
        out.add(new Fixture(f.getFileName().toString(), new Logsource(ls.get("product"), ls.get("category"), ls.get("service")),
            (List<Map<String, Object>>) doc.get("positive"), (List<Map<String, Object>>) doc.get("negative")));
      }
    }
    return out;
  }

  private LoadResult load() {
    return SigmaRules.load(root.resolve("rules"));
  }

  @Test
  void everyFixtureRuleLoads() {
    LoadResult loaded = load();
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.rules().size()).isEqualTo(9);
  }

  @Test
  void everyRuleMatchesItsPositiveEventsAndNotItsNegativeOnes() throws IOException {
    RuleSet rules = load().rules();
    List<Fixture> fixtures = events();
    assertThat(fixtures).extracting(Fixture::file).hasSize(rules.size());
    for (Fixture f : fixtures) {
      String id = rules.rules().stream().filter(r -> r.source().endsWith("/" + f.file())).findFirst().orElseThrow().id();
      assertThat(f.positive()).as(f.file()).isNotEmpty();
      assertThat(f.negative()).as(f.file()).isNotEmpty();
      for (Map<String, Object> e : f.positive()) {
        assertThat(rules.match(f.logsource(), e)).as("%s should match %s", f.file(), e).containsExactly(id);
      }
      for (Map<String, Object> e : f.negative()) {
        assertThat(rules.match(f.logsource(), e)).as("%s should not match %s", f.file(), e).doesNotContain(id);
      }
    }
  }

  @Test
  void aRuleOnlySeesEventsOfItsLogsource() throws IOException {
    RuleSet rules = load().rules();
    Fixture shell = events().stream().filter(f -> f.file().equals("reverse_shell.yml")).findFirst().orElseThrow();
    assertThat(rules.match(Logsource.of("vigil", "login"), shell.positive().get(0))).isEmpty();
    assertThat(rules.match(new Logsource(null, "process_creation", null), shell.positive().get(0))).as("a rule's product must be given").isEmpty();
    assertThat(rules.match(shell.positive().get(0))).as("no logsource: every rule").hasSize(1);
  }

  @Test
  void thePrefilterNeverChangesTheOutcome() throws IOException {
    RuleSet rules = load().rules();
    int compared = 0;
    for (Fixture f : events()) {
      for (Map<String, Object> e : Stream.concat(f.positive().stream(), f.negative().stream()).toList()) {
        EventView view = new EventView(e);
        List<String> everyRule = new ArrayList<>();
        for (int i = 0; i < rules.rules().size(); i++) {
          DetectionRule r = rules.detection(i);
          if (r.info().logsource().covers(f.logsource()) && r.search().matches(view)) {
            everyRule.add(r.info().id());
          }
        }
        assertThat(rules.match(f.logsource(), e)).isEqualTo(everyRule);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(30);
  }
}
