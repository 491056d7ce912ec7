package io.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.Logsource;
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
import java.time.format.DateTimeParseException;
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

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Checks Sigma rules and runs them over events.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Eval.class})
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
            Event e = Event.parse(line);
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

  /** One input line: its fields and the reserved hints. */
  record Event(Map<String, Object> fields, List<Logsource> logsources, Instant time, String device) {
    /** @throws IllegalArgumentException saying what is wrong with the line */
    static Event parse(String line) {
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      List<Logsource> logsources = null;
      Instant time = null;
      String device = "eval";
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode v = e.getValue();
        switch (e.getKey()) {
          case "logsource" -> {
            if (!v.isObject()) {
              throw new IllegalArgumentException("'logsource' must be an object such as {\"product\":\"linux\",\"category\":\"process_creation\"}");
            }
            logsources = List.of(new Logsource(text(v, "product"), text(v, "category"), text(v, "service")));
          }
          case "timestamp" -> {
            try {
              time = Instant.parse(v.asText());
            } catch (DateTimeParseException ex) {
              throw new IllegalArgumentException("'timestamp' must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, got " + v);
            }
          }
          case "device" -> {
            if (!v.isTextual() || v.asText().isBlank()) {
              throw new IllegalArgumentException("'device' must be a non-empty string, got " + v);
            }
            device = v.asText();
          }
          default -> flatten(e.getKey(), v, fields);
        }
      }
      return new Event(fields, logsources, time, device);
    }

    private static String text(JsonNode logsource, String key) {
      JsonNode v = logsource.get(key);
      return v == null || v.isNull() ? null : v.asText();
    }

    private static void flatten(String name, JsonNode v, Map<String, Object> out) {
      if (v.isObject()) {
        for (Map.Entry<String, JsonNode> e : v.properties()) {
          flatten(name + "." + e.getKey(), e.getValue(), out);
        }
      } else if (v.isArray()) {
        List<Object> values = new ArrayList<>();
        v.forEach(item -> values.add(scalar(item)));
        out.put(name, values);
      } else {
        out.put(name, scalar(v));
      }
    }

    private static Object scalar(JsonNode v) {
      if (v.isNull()) {
        return null;
      }
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      if (v.isIntegralNumber()) {
        return v.canConvertToLong() ? v.longValue() : v.bigIntegerValue();
      }
      if (v.isNumber()) {
        return v.decimalValue().stripTrailingZeros().toPlainString();
      }
      return v.isValueNode() ? v.asText() : v.toString();
    }
  }
}
