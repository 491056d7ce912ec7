package io.vigil.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.sigma.LoadResult;
import io.vigil.model.Alert;
import io.vigil.detect.sigma.SigmaRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The built-in pack: every rule's fixtures, its metadata, and its coverage of the detection catalogue. */
class BuiltInPackTest {
  /** Catalogue alerts that Java detections raise, not Sigma rules. */
  static final Set<String> JAVA_DETECTIONS =
      Set.of("IoT_TiConnection", "IoT_PossibleMalware", "IoT_MaliciousNameQueriesDetection", "IoT_DeviceSilent");
  /** Alerts of the Java detections beyond the catalogue: the anomaly models. */
  static final Set<String> JAVA_ANOMALY_ALERTS = Set.of("IoT_AnomalousExecutable", "IoT_AnomalousEndpoint",
      "IoT_AnomalousListeningPort", "IoT_AnomalousLoginUser", "IoT_AnomalousConnectionRate", "IoT_AnomalousMessageRate");
  private static final Pattern ALERT_TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
  private static final Pattern ALERT_TACTIC = Pattern.compile("[A-Z][a-z]+([A-Z][a-z]+)*");
  private static final Pattern TECHNIQUE = Pattern.compile("attack\\.t\\d{4}(\\.\\d{3})?");
  private static final Pattern NOT_COVERED_ROW = Pattern.compile("^\\| `((?:IoT|Hub)_\\w+)` \\| (.*) \\|$");

  @TestFactory
  Stream<DynamicTest> everyRuleFilePassesItsFixtures() {
    return Fixtures.run(BuiltInPack.files()).stream().map(r -> DynamicTest.dynamicTest(r.file().name() + " (" + r.label() + ")",
        () -> assertThat(r.failures()).as("fixtures of %s", r.file().name()).isEmpty()));
  }

  @Test
  void everyFixtureEventNamesItsLogsourceAndEveryNegativeFixtureReachesTheFilesRules() {
    List<SigmaRule> rules = BuiltInPack.load().rules().rules();
    for (RuleFile f : BuiltInPack.files()) {
      for (String fixture : new String[] {f.positive(), f.negative()}) {
        for (String line : fixture.strip().split("\n")) {
          assertThat(EventLine.parse(line).logsources()).as("logsource of an event in the fixtures of %s", f.name()).isNotNull();
        }
      }
      List<EventLine> negative = f.negative().strip().lines().map(EventLine::parse).toList();
      rules.stream().filter(r -> r.source().equals(f.name()) && !r.isCorrelation()).forEach(r ->
          assertThat(negative).as("negative events of %s for the logsource of '%s' (a near miss, not another kind of event)", f.name(), r.title())
              .anyMatch(e -> r.logsource().covers(e.logsources().get(0))));
    }
  }

  @Test
  void everyRuleLoads() {
    LoadResult loaded = BuiltInPack.load();
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.rules().size()).isGreaterThanOrEqualTo(50);
  }

  @Test
  void theIndexListsEveryRuleFile() throws IOException {
    Path root = Path.of("src/main/resources/rules");
    List<String> onDisk;
    try (Stream<Path> walk = Files.walk(root)) {
      onDisk = walk.filter(p -> p.toString().endsWith(".yml")).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
    List<String> indexed = BuiltInPack.files().stream().map(f -> f.name().substring("rules/".length())).sorted().toList();
    assertThat(indexed).isEqualTo(onDisk);
  }

  @Test
  void everyAlertingRuleCarriesItsAlertNameSeverityDescriptionRemediationAndTechniques() {
    for (SigmaRule r : alerting()) {
      String where = r.source() + " (" + r.title() + ")";
      assertThat(r.alertName()).as("vigil.alertName of %s", where).matches("(IoT|Hub)_\\w+");
      assertThat(r.name()).as("name of %s", where).matches("[a-z0-9_]+");
      assertThat(r.level()).as("level of %s", where).isIn("informational", "low", "medium", "high", "critical");
      assertThat(r.description()).as("description of %s", where).isNotBlank();
      assertThat(r.remediation()).as("vigil.remediation of %s", where).isNotBlank();
      assertThat(r.tags()).as("MITRE technique tags of %s", where).anyMatch(t -> TECHNIQUE.matcher(t).matches());
    }
  }

  @Test
  void everyAlertOfTheJavaDetectionsCarriesTacticsAndTechniques() {
    List<Alert> alerts = JavaDetectionAlerts.all();
    Set<String> expected = new TreeSet<>(JAVA_DETECTIONS);
    expected.addAll(JAVA_ANOMALY_ALERTS);
    assertThat(alerts).extracting(Alert::alertName).as("alert names the Java detections raised").containsAll(expected);
    for (Alert a : alerts) {
      String where = a.alertName() + " (" + a.ruleId() + ": " + a.description() + ")";
      assertThat(a.tactics()).as("MITRE tactics of %s", where).isNotEmpty().allMatch(t -> ALERT_TACTIC.matcher(t).matches());
      assertThat(a.techniques()).as("MITRE techniques of %s", where).isNotEmpty()
          .allMatch(t -> ALERT_TECHNIQUE.matcher(t).matches()).anyMatch(t -> t.startsWith("T1"));
    }
  }

  @Test
  void severitiesFollowTheCatalogue() throws IOException {
    Map<String, String> catalogue = catalogue();
    for (SigmaRule r : alerting()) {
      String expected = catalogue.get(r.alertName());
      if (expected != null) {
        assertThat(severity(r.level())).as("severity of %s in %s", r.alertName(), r.source()).isEqualTo(expected);
      }
    }
  }

  @Test
  void everyCatalogueAlertIsCoveredOrListedAsNotCoveredWithAReason() throws IOException {
    Set<String> covered = new TreeSet<>(JAVA_DETECTIONS);
    alerting().forEach(r -> covered.add(r.alertName()));
    Map<String, String> notCovered = notCoveredInReadme();
    List<String> missing = new ArrayList<>();
    for (String name : catalogue().keySet()) {
      if (!covered.contains(name) && !notCovered.containsKey(name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("catalogue alerts neither covered nor listed in detect/README.md 'Not covered'").isEmpty();
    notCovered.forEach((name, reason) -> {
      assertThat(covered).as("%s is listed as not covered but a rule raises it", name).doesNotContain(name);
      assertThat(reason).as("why %s is not covered", name).hasSizeGreaterThan(40);
    });
  }

  /** The rules of the pack that raise alerts: all but the helpers that only feed correlations. */
  static List<SigmaRule> alerting() {
    return BuiltInPack.load().rules().rules().stream().filter(r -> r.alertName() != null).toList();
  }

  private static String severity(String level) {
    return switch (level) {
      case "critical", "high" -> "High";
      case "low" -> "Low";
      case "informational" -> "Informational";
      default -> "Medium";
    };
  }

  static Map<String, String> catalogue() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = BuiltInPackTest.class.getResourceAsStream("BuiltInPackTest/catalogue.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] parts = line.strip().split(" ");
          out.put(parts[0], parts[1]);
        }
      }
    }
    return out;
  }

  /** The rows of the "Not covered" table of detect/README.md: AlertName to reason. */
  private static Map<String, String> notCoveredInReadme() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.startsWith("#")) {
        inSection = line.startsWith("### Not covered");
      } else if (inSection) {
        Matcher m = NOT_COVERED_ROW.matcher(line);
        if (m.matches()) {
          out.put(m.group(1), m.group(2).strip());
        }
      }
    }
    return out;
  }
}
