package io.vigil.detect.pack;

import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.RuleMatch;
import io.vigil.detect.sigma.RuleProblem;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.detect.sigma.SigmaRule;
import io.vigil.detect.sigma.SigmaRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs rule fixtures: each rule file's positive fixture must make one of its rules raise an alert,
 * and its negative fixture must make none of them do so.
 *
 * <p>All files are loaded together, as the server loads them, so that correlations may use rules of
 * other files; each fixture runs on a fresh engine over the whole set. Events are correlated by
 * their {@code device} (default {@code eval}) in file order; an event without a {@code timestamp}
 * comes one second after the one before it. Windows still open at the end of a fixture are decided
 * then.
 */
public final class Fixtures {
  /** Same as the server's: how late an event may come and still correlate. */
  static final Duration LATENESS = Duration.ofMinutes(1);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END = Instant.ofEpochMilli(Long.MAX_VALUE / 2);

  private Fixtures() {}

  /**
   * What one rule file's fixtures gave.
   *
   * @param rules the file's rules that loaded
   * @param failures why the file failed, each naming the fixture (and line) at fault; empty when it passed
   */
  public record Result(RuleFile file, List<SigmaRule> rules, List<String> failures) {
    public Result {
      rules = List.copyOf(rules);
      failures = List.copyOf(failures);
    }

    public boolean ok() {
      return failures.isEmpty();
    }

    /** The file's alert names (else its rule titles), for a report line. */
    public String label() {
      Set<String> names = new LinkedHashSet<>();
      for (SigmaRule r : rules) {
        if (r.alertName() != null) {
          names.add(r.alertName());
        }
      }
      if (names.isEmpty()) {
        rules.forEach(r -> names.add(r.title()));
      }
      return String.join(", ", names);
    }
  }

  /** The results of every file, in order. */
  public static List<Result> run(List<RuleFile> files) {
    SigmaRules.Loader loader = SigmaRules.loader();
    files.forEach(f -> loader.add(f.name(), f.yaml()));
    LoadResult loaded = loader.load();
    List<Result> out = new ArrayList<>();
    for (RuleFile f : files) {
      List<SigmaRule> rules = loaded.rules().rules().stream().filter(r -> r.source().equals(f.name())).toList();
      List<String> failures = new ArrayList<>();
      for (RuleProblem p : loaded.problems(f.name())) {
        failures.add("does not load: " + p);
      }
      if (failures.isEmpty() && rules.isEmpty()) {
        failures.add("has no rules");
      }
      if (failures.isEmpty()) {
        check(f, "positive", f.positive(), true, loaded, failures);
        check(f, "negative", f.negative(), false, loaded, failures);
      }
      out.add(new Result(f, rules, failures));
    }
    return out;
  }

  private static void check(RuleFile f, String kind, String events, boolean positive, LoadResult loaded, List<String> failures) {
    String where = f.fixtureName(kind);
    if (events == null) {
      failures.add("no " + kind + " fixture: expected " + where);
      return;
    }
    SigmaEngine engine = SigmaEngine.builder(loaded.rules()).allowedLateness(LATENESS).build();
    Set<String> devices = new LinkedHashSet<>();
    List<String> fired = new ArrayList<>();
    Instant last = START;
    int n = 0;
    int seen = 0;
    for (String line : events.split("\n", -1)) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      EventLine e;
      try {
        e = EventLine.parse(line);
      } catch (IllegalArgumentException ex) {
        failures.add(where + ":" + n + ": " + ex.getMessage());
        return;
      }
      seen++;
      last = e.time() != null ? e.time() : last.plusSeconds(1);
      devices.add(e.device());
      for (RuleMatch m : engine.process(e.device(), last, e.logsources(), e.fields())) {
        if (m.alerts() && m.rule().source().equals(f.name())) {
          fired.add(describe(m) + " on line " + n);
        }
      }
    }
    for (String device : devices) {
      for (RuleMatch m : engine.advance(device, END)) {
        if (m.alerts() && m.rule().source().equals(f.name())) {
          fired.add(describe(m) + " at the end");
        }
      }
    }
    if (seen == 0) {
      failures.add(where + ": has no events");
    } else if (positive && fired.isEmpty()) {
      failures.add(where + ": no rule of the file raised an alert");
    } else if (!positive && !fired.isEmpty()) {
      failures.add(where + ": " + String.join("; ", fired));
    }
  }

  private static String describe(RuleMatch m) {
    SigmaRule r = m.rule();
    return (r.alertName() != null ? r.alertName() : r.id()) + " ('" + r.title() + "') fired";
  }
}
