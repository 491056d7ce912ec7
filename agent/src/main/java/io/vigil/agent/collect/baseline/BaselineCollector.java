package io.vigil.agent.collect.baseline;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.OSBaseline.CheckSeverity;
import io.vigil.model.event.OSBaseline.Result;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code baseline} collector (periodic): CIS-style checks of the operating system's hardening,
 * defined as data in a policy file, reported as one {@link OSBaseline} event with one item per check.
 *
 * <p>The built-in policy ({@code debian.json} beside this class) covers Debian- and Ubuntu-family
 * systems; another policy file can be given instead. Each item carries the check's title, id,
 * severity and result: PASS, FAIL, or ERR when the check could not run; a check that does not apply
 * (such as sshd checks without sshd) is reported as PASS with ExtraDetails {@code Outcome=Skip}.
 * {@code error} holds the precise finding of a failure, the reason of a skip or error, and is empty
 * for a pass. ExtraDetails: {@code Outcome} (Pass, Fail, Skip, Error), {@code Group}, {@code
 * Rationale}, {@code Remediation}, and {@code Cis} when the check names a CIS recommendation.
 *
 * <p>A policy entry that could not be loaded is reported as an ERR item (its id, or {@code
 * policy:FILE} when it has none) saying what is wrong and where; the other entries still run.
 *
 * <p>Reads through the context's root, so it assesses a mounted image as well as the live system;
 * run-time state (/proc/sys, /proc/mounts, loaded modules, the live ruleset) is read on the live root
 * only. Reading /etc/shadow, and the live ruleset, needs root; without it those checks report ERR.
 */
public final class BaselineCollector implements Collector {
  static final String BUILT_IN = "debian.json";

  private final CollectorContext ctx;
  private final BaselineSettings settings;
  private final Policy policy;

  /** The built-in policy, every check enabled. */
  public BaselineCollector(CollectorContext ctx) {
    this(ctx, BaselineSettings.defaults());
  }

  /** The built-in policy, less the checks {@code settings} disables. */
  public BaselineCollector(CollectorContext ctx, BaselineSettings settings) {
    this(ctx, settings, builtIn());
  }

  /** The policy in {@code policyFile} instead of the built-in one, less the checks {@code settings} disables. */
  public BaselineCollector(CollectorContext ctx, BaselineSettings settings, Path policyFile) {
    this(ctx, settings, load(policyFile));
  }

  BaselineCollector(CollectorContext ctx, BaselineSettings settings, Policy policy) {
    this.ctx = ctx;
    this.settings = settings;
    this.policy = policy;
  }

  @Override
  public String name() {
    return "baseline";
  }

  /** What kept policy entries from loading, each with its file, line (and column) and field. */
  public List<String> policyProblems() {
    return policy.problems().stream().map(Policy.Problem::message).toList();
  }

  Policy policy() {
    return policy;
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    if (!Files.isDirectory(ctx.root())) {
      throw new CollectorUnavailableException("root " + ctx.root() + " is not a directory");
    }
    Host host = new Host(ctx);
    List<OSBaseline.Check> items = new ArrayList<>();
    for (Policy.Problem p : policy.problems()) {
      if (!settings.disables(p.checkId(), p.group())) {
        items.add(problemItem(p));
      }
    }
    for (CheckSpec spec : policy.checks()) {
      if (!settings.disables(spec.id(), spec.group())) {
        items.add(item(spec, run(spec, host)));
      }
    }
    return List.of(new OSBaseline(ctx.header(), items));
  }

  /** Runs one check; whatever goes wrong becomes its ERROR verdict, never an exception. */
  static Verdict run(CheckSpec spec, Host host) {
    try {
      if (spec.requiresPath() != null && !host.exists(spec.requiresPath())) {
        return Verdict.skip(spec.requiresPath() + " does not exist");
      }
      if (!spec.requiresPackages().isEmpty()) {
        Dpkg dpkg = host.dpkg();
        if (dpkg.present() && spec.requiresPackages().stream().noneMatch(dpkg::installed)) {
          List<String> p = spec.requiresPackages();
          return Verdict.skip(p.size() == 1 ? p.getFirst() + " is not installed" : "none of " + Expectation.quoted(p) + " is installed");
        }
      }
      return spec.probe().evaluate(host);
    } catch (NoSuchFileException e) {
      return Verdict.error("no such file: " + e.getFile());
    } catch (AccessDeniedException e) {
      return Verdict.error("permission denied: " + e.getFile());
    } catch (IOException e) {
      return Verdict.error("cannot read: " + e);
    } catch (RuntimeException e) {
      return Verdict.error("the check failed unexpectedly: " + e); // a defect; reported, not thrown at the agent
    }
  }

  private static OSBaseline.Check item(CheckSpec spec, Verdict v) {
    Result result = switch (v.outcome()) {
      case PASS, SKIP -> Result.PASS;
      case FAIL -> Result.FAIL;
      case ERROR -> Result.ERR;
    };
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Outcome", v.outcome().shown());
    details.put("Group", spec.group());
    details.put("Rationale", spec.rationale());
    details.put("Remediation", spec.remediation());
    if (spec.cis() != null) {
      details.put("Cis", spec.cis());
    }
    return new OSBaseline.Check(spec.title(), spec.id(), result, v.detail(), spec.severity(), details);
  }

  private OSBaseline.Check problemItem(Policy.Problem p) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Outcome", Outcome.ERROR.shown());
    details.put("Group", p.group() != null ? p.group() : "policy");
    details.put("Rationale", "A check whose policy entry cannot be loaded does not run, so what it checks is not assessed.");
    details.put("Remediation", "Correct the entry in " + policy.source() + " as the error says.");
    return new OSBaseline.Check("Policy entry could not be loaded", p.checkId() != null ? p.checkId() : "policy:" + policy.source(),
        Result.ERR, p.message(), CheckSeverity.WARNING, details);
  }

  private static Policy builtIn() {
    try (InputStream in = BaselineCollector.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        return new Policy(BUILT_IN, List.of(), List.of(new Policy.Problem(null, null, "the built-in policy " + BUILT_IN
            + " is missing from the agent")));
      }
      return PolicyLoader.load(BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Policy(BUILT_IN, List.of(), List.of(new Policy.Problem(null, null, "cannot read the built-in policy "
          + BUILT_IN + ": " + e)));
    }
  }

  private static Policy load(Path file) {
    try {
      return PolicyLoader.load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
      return new Policy(file.toString(), List.of(), List.of(new Policy.Problem(null, null, "cannot read policy " + file + ": " + why)));
    }
  }
}
