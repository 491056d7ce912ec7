package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.pack.EventLine;
import io.vigil.detect.pack.Fixtures;
import io.vigil.detect.pack.RuleFile;
import io.vigil.detect.pack.RuleFiles;
import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.RuleMatch;
import io.vigil.detect.sigma.RuleProblem;
import io.vigil.detect.sigma.RuleSet;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.detect.sigma.SigmaRule;
import io.vigil.detect.sigma.SigmaRules;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Checks Sigma rules, runs them over events, and runs their fixtures.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Eval.class, RulesCommand.Test.class})
final class RulesCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The options both subcommands share. */
  static class Loading {
    @Option(names = "--placeholder", paramLabel = "NAME=VALUE[,VALUE...]",
        description = "Values of a %%NAME%% placeholder in |expand values; repeatable.")
    List<String> placeholders = new ArrayList<>();

    LoadResult load(List<Path> paths) {
      SigmaRules.Loader loader = SigmaRules.loader().placeholders(placeholders());
      paths.forEach(loader::add);
      return loader.load();
    }

    private Map<String, List<String>> placeholders() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String p : placeholders) {
        int eq = p.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--placeholder '" + p + "' must be NAME=VALUE[,VALUE...]");
        }
        out.put(p.substring(0, eq), List.of(p.substring(eq + 1).split(",", -1)));
      }
      return out;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Compiles Sigma rule files and reports, per file, OK or each rule",
          "that cannot be used, with its line and the construct at fault.",
          "Directories are searched for *.yml and *.yaml files.",
          "Exits with 1 when any file has a problem.",
          "Example: vigil rules check rules/ extra/my_rule.yml"})
  static final class Check extends Loading implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories.")
    List<Path> paths;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      LoadResult loaded = load(paths);
      Map<String, Integer> rulesPerFile = new LinkedHashMap<>();
      for (SigmaRule r : loaded.rules().rules()) {
        rulesPerFile.merge(r.source(), 1, Integer::sum);
      }
      int failed = 0;
      for (String source : loaded.sources()) {
        List<RuleProblem> problems = loaded.problems(source);
        if (problems.isEmpty()) {
          int n = rulesPerFile.getOrDefault(source, 0);
          out.println(source + ": OK (" + n + (n == 1 ? " rule)" : " rules)"));
        } else {
          failed++;
          problems.forEach(out::println);
        }
      }
      int files = loaded.sources().size();
      if (files == 0) {
        out.println("no *.yml or *.yaml files under " + paths);
        out.flush();
        return 1;
      }
      out.println(files + (files == 1 ? " file: " : " files: ") + (files - failed) + " OK, " + failed + " failed; "
          + loaded.rules().size() + " rules loaded");
      out.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = {"Runs Sigma rules over events and prints one line per event:",
          "  {\"line\":N,\"matches\":[\"rule-id\",...]}",
          "with \"correlations\":[...] added when the rules include correlation rules.",
          "Events are JSON objects, one per line, with taxonomy field names;",
          "nested objects read as dotted names (a.b). Reserved keys:",
          "  logsource  {\"product\":..,\"category\":..}: only its rules apply",
          "             (default: every rule)",
          "  timestamp  ISO-8601 event time; without it, no correlation",
          "  device     what correlation groups by first (default: eval)",
          "Bad lines are reported on stderr with their number and skipped.",
          "Exits with 1 when a rule or a line had a problem.",
          "Example: vigil rules eval --rules rules/ --events events.jsonl"})
  static final class Eval extends Loading implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rules", arity = "1..*", required = true, paramLabel = "PATH", description = "Rule files or directories.")
    List<Path> rules;

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "JSON Lines file of events; - reads standard input.")
    String events;

    @Option(names = "--lateness", defaultValue = "1m", paramLabel = "DURATION",
        description = "How far behind a device's latest event an event may come and still correlate (default: ${DEFAULT-VALUE}).")
    String lateness;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      LoadResult loaded = load(rules);
      loaded.problems().forEach(p -> err.println("vigil: " + p));
      RuleSet ruleSet = loaded.rules();
      boolean correlating = ruleSet.rules().stream().anyMatch(SigmaRule::isCorrelation);
      SigmaEngine engine = SigmaEngine.builder(ruleSet).allowedLateness(Durations.parse(lateness)).build();
      if (!events.equals("-") && !Files.isReadable(Path.of(events))) {
        err.println("vigil: cannot read the events file " + events);
        err.flush();
        return 1;
      }
      Set<String> devices = new LinkedHashSet<>();
      int bad = 0;
      try (BufferedReader in = events.equals("-")
          ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          : Files.newBufferedReader(Path.of(events), StandardCharsets.UTF_8)) {
        int n = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          try {
            EventLine e = EventLine.parse(line);
            List<String> ids;
            List<String> fired = List.of();
            if (e.time() == null) {
              ids = e.logsources() == null ? ruleSet.match(e.fields()) : ruleSet.match(e.logsources().get(0), e.fields());
            } else {
              devices.add(e.device());
              List<RuleMatch> matches = engine.process(e.device(), e.time(), e.logsources(), e.fields());
              ids = matches.stream().filter(m -> !m.rule().isCorrelation()).map(m -> m.rule().id()).toList();
              fired = correlations(matches);
            }
            ObjectNode result = JSON.createObjectNode().put("line", n);
            result.set("matches", array(ids));
            if (correlating) {
              result.set("correlations", array(fired));
            }
            out.println(JSON.writeValueAsString(result));
          } catch (IllegalArgumentException ex) {
            bad++;
            err.println("vigil: " + (events.equals("-") ? "stdin" : events) + ":" + n + ": " + ex.getMessage());
          }
        }
      }
      List<String> atEnd = new ArrayList<>();
      for (String device : devices) {
        atEnd.addAll(correlations(engine.advance(device, Instant.ofEpochMilli(Long.MAX_VALUE / 2))));
      }
      if (!atEnd.isEmpty()) {
        ObjectNode result = JSON.createObjectNode().put("end", true);
        result.set("correlations", array(atEnd));
        out.println(JSON.writeValueAsString(result));
      }
      out.flush();
      err.flush();
      return loaded.problems().isEmpty() && bad == 0 ? 0 : 1;
    }

    private static List<String> correlations(List<RuleMatch> matches) {
      return matches.stream().filter(m -> m.rule().isCorrelation()).map(m -> m.rule().id()).toList();
    }

    private static ArrayNode array(List<String> values) {
      ArrayNode a = JSON.createArrayNode();
      values.forEach(a::add);
      return a;
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Runs rule fixtures: for each rule file NAME.yml, the events of",
          "NAME.positive.jsonl must make one of its rules raise an alert, and those",
          "of NAME.negative.jsonl must not (the format of 'rules eval --events').",
          "Without PATH, runs the fixtures of the built-in pack.",
          "Prints OK or FAIL per rule file, with each failure's reason, then a summary.",
          "Exits with 1 when any rule file fails.",
          "Example: vigil rules test my-rules/"})
  static final class Test implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Rule files or directories (default: the built-in pack).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<RuleFile> files;
      try {
        files = paths.isEmpty() ? BuiltInPack.files() : RuleFiles.under(paths);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        err.println("vigil: " + e.getMessage());
        err.flush();
        return 1;
      }
      if (files.isEmpty()) {
        err.println("vigil: no *.yml or *.yaml files under " + paths);
        err.flush();
        return 1;
      }
      int failed = 0;
      for (Fixtures.Result r : Fixtures.run(files)) {
        out.println((r.ok() ? "OK   " : "FAIL ") + r.file().name() + (r.label().isEmpty() ? "" : " (" + r.label() + ")"));
        r.failures().forEach(f -> out.println("     " + f));
        failed += r.ok() ? 0 : 1;
      }
      out.println(files.size() + (files.size() == 1 ? " rule file: " : " rule files: ") + (files.size() - failed) + " OK, " + failed + " failed");
      out.flush();
      return failed == 0 ? 0 : 1;
    }
  }
}
