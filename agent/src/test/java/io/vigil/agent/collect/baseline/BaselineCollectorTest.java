package io.vigil.agent.collect.baseline;

import static io.vigil.agent.collect.baseline.BaselineFixtureTest.context;
import static io.vigil.agent.collect.baseline.PolicyLoaderTest.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.OSBaseline.Check;
import io.vigil.model.event.OSBaseline.CheckSeverity;
import io.vigil.model.event.OSBaseline.Result;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCollectorTest {
  @TempDir Path tmp;

  private List<Check> collect(BaselineCollector collector) throws CollectorUnavailableException {
    return ((OSBaseline) collector.collect().getFirst()).payload();
  }

  private Path root() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/x"), "x\n");
    return root;
  }

  @Test
  void runsAUserPolicyAndReportsItsBrokenEntriesAsErrors() throws Exception {
    Path policy = tmp.resolve("site.json");
    Files.writeString(policy, "{\"checks\": [\n"
        + check("SITE-1", "") + ",\n"
        + check("SITE-2", "").replace("/etc/x", "/etc/missing") + ",\n"
        + check("SITE-3", "").replace("\"Warning\"", "\"Severe\"") + "\n]}\n");

    BaselineCollector collector = new BaselineCollector(context(root()), BaselineSettings.defaults(), policy);
    List<Check> items = collect(collector);

    String problem = policy + " line 4: check SITE-3: field 'severity' is 'Severe'; expected one of Critical, Important, "
        + "Warning, Informational";
    assertThat(collector.name()).isEqualTo("baseline");
    assertThat(collector.policyProblems()).containsExactly(problem);
    assertThat(items).containsExactly(
        new Check("Policy entry could not be loaded", "SITE-3", Result.ERR, problem, CheckSeverity.WARNING, Map.of(
            "Outcome", "Error", "Group", "test",
            "Rationale", "A check whose policy entry cannot be loaded does not run, so what it checks is not assessed.",
            "Remediation", "Correct the entry in " + policy + " as the error says.")),
        new Check("T SITE-1", "SITE-1", Result.PASS, "", CheckSeverity.WARNING,
            Map.of("Outcome", "Pass", "Group", "test", "Rationale", "R", "Remediation", "M")),
        new Check("T SITE-2", "SITE-2", Result.FAIL, "/etc/missing does not exist", CheckSeverity.WARNING,
            Map.of("Outcome", "Fail", "Group", "test", "Rationale", "R", "Remediation", "M")));
  }

  @Test
  void aDisabledEntryIsNotReportedEvenWhenBroken() throws Exception {
    Path policy = tmp.resolve("site.json");
    Files.writeString(policy, "{\"checks\": [" + check("SITE-1", "") + ", " + check("SITE-3", "").replace("\"Warning\"", "\"Severe\"") + "]}");
    BaselineCollector collector = new BaselineCollector(context(root()), new BaselineSettings(Set.of("SITE-3"), null), policy);
    assertThat(collect(collector)).extracting(Check::cceId).containsExactly("SITE-1");
    assertThat(new BaselineCollector(context(root()), new BaselineSettings(null, Set.of("test")), policy).collect().getFirst()
        .payload()).isEmpty();
  }

  @Test
  void anUnreadablePolicyFileIsOneErrorItem() throws Exception {
    Path missing = tmp.resolve("nope.json");
    BaselineCollector collector = new BaselineCollector(context(root()), BaselineSettings.defaults(), missing);
    assertThat(collect(collector)).singleElement().satisfies(c -> {
      assertThat(c.cceId()).isEqualTo("policy:" + missing);
      assertThat(c.result()).isEqualTo(Result.ERR);
      assertThat(c.error()).isEqualTo("cannot read policy " + missing + ": no such file");
      assertThat(c.extraDetails()).containsEntry("Group", "policy").containsEntry("Outcome", "Error");
    });
  }

  @Test
  void aRootThatIsNotADirectoryMakesTheCollectorUnavailable() {
    Path nowhere = tmp.resolve("no-such-root");
    assertThatThrownBy(() -> new BaselineCollector(context(nowhere)).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("root " + nowhere + " is not a directory");
  }

  private static CheckSpec spec(Probe probe, List<String> packages, String path) {
    return new CheckSpec("T-1", "test", "T", "R", "M", CheckSeverity.WARNING, null, packages, path, "test", probe, 1);
  }

  @Test
  void checksThatDoNotApplyAreSkippedSayingWhy() throws Exception {
    Path root = root();
    Files.createDirectories(root.resolve("var/lib/dpkg"));
    Files.writeString(root.resolve("var/lib/dpkg/status"), "Package: bash\nStatus: install ok installed\n");
    Host host = new Host(context(root));
    Probe passes = h -> Verdict.pass();

    assertThat(BaselineCollector.run(spec(passes, List.of(), "/etc/ssh/sshd_config"), host))
        .isEqualTo(Verdict.skip("/etc/ssh/sshd_config does not exist"));
    assertThat(BaselineCollector.run(spec(passes, List.of("openssh-server"), null), host))
        .isEqualTo(Verdict.skip("openssh-server is not installed"));
    assertThat(BaselineCollector.run(spec(passes, List.of("cron", "cronie"), null), host))
        .isEqualTo(Verdict.skip("none of 'cron', 'cronie' is installed"));
    assertThat(BaselineCollector.run(spec(passes, List.of("bash"), "/etc/x"), host)).isEqualTo(Verdict.pass());
  }

  @Test
  void whateverAProbeThrowsBecomesAnErrorVerdict() throws Exception {
    Host host = new Host(context(root()));
    assertThat(BaselineCollector.run(spec(h -> { throw new NoSuchFileException("/etc/gone"); }, List.of(), null), host))
        .isEqualTo(Verdict.error("no such file: /etc/gone"));
    assertThat(BaselineCollector.run(spec(h -> { throw new AccessDeniedException("/etc/shadow"); }, List.of(), null), host))
        .isEqualTo(Verdict.error("permission denied: /etc/shadow"));
    assertThat(BaselineCollector.run(spec(h -> { throw new IOException("disk on fire"); }, List.of(), null), host))
        .isEqualTo(Verdict.error("cannot read: java.io.IOException: disk on fire"));
    assertThat(BaselineCollector.run(spec(h -> { throw new IllegalStateException("bug"); }, List.of(), null), host))
        .isEqualTo(Verdict.error("the check failed unexpectedly: java.lang.IllegalStateException: bug"));
  }
}
