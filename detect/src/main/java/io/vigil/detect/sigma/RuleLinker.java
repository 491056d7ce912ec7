package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a {@link RuleSet} from parsed rules: checks that ids and names are unique, resolves the
 * references of correlation rules (by id or name) and their aliases, rejects cycles, and decides
 * which rules alert on their own ({@code generate}).
 */
final class RuleLinker {
  private final List<DetectionRule> detections = new ArrayList<>();
  private final List<CorrelationDef> defs = new ArrayList<>();
  /** Ids and names of rules that failed to load, with where they failed. */
  private final Map<String, String> failed = new HashMap<>();
  /** Ids and names share one namespace, since a correlation refers to a rule by either. */
  private final Map<String, SigmaRule> taken = new HashMap<>();
  private final Consumer<RuleProblem> problems;

  RuleLinker(Consumer<RuleProblem> problems) {
    this.problems = problems;
  }

  /** Adds a parsed rule unless its id or name is taken. */
  void add(Object parsed) {
    SigmaRule info = parsed instanceof DetectionRule d ? d.info() : ((CorrelationDef) parsed).info();
    for (String key : keys(info)) {
      SigmaRule other = taken.get(key);
      if (other != null) {
        problems.accept(new RuleProblem(info.source(), info.line(), "duplicate rule " + (key.equals(info.id()) ? "id" : "name")
            + " '" + key + "' (first at " + other.source() + ":" + other.line() + ")"));
        return;
      }
    }
    keys(info).forEach(k -> taken.put(k, info));
    if (parsed instanceof DetectionRule d) {
      detections.add(d);
    } else {
      defs.add((CorrelationDef) parsed);
    }
  }

  private static Set<String> keys(SigmaRule info) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(info.id());
    if (info.name() != null) {
      keys.add(info.name());
    }
    return keys;
  }

  /** Records that a rule with this id or name failed, so that references to it say so. */
  void failed(String idOrName, String where) {
    if (idOrName != null) {
      failed.putIfAbsent(idOrName, where);
    }
  }

  RuleSet link() {
    Map<String, Integer> detectionIndex = new HashMap<>();
    for (int i = 0; i < detections.size(); i++) {
      for (String key : keys(detections.get(i).info())) {
        detectionIndex.put(key, i);
      }
    }
    Map<String, CorrelationDef> defIndex = new HashMap<>();
    for (CorrelationDef d : defs) {
      keys(d.info()).forEach(k -> defIndex.put(k, d));
    }
    Map<CorrelationDef, Integer> done = new LinkedHashMap<>();
    List<CorrelationRule> correlations = new ArrayList<>();
    Set<CorrelationDef> broken = new HashSet<>();
    for (CorrelationDef d : defs) {
      resolve(d, new ArrayList<>(), detectionIndex, defIndex, done, correlations, broken);
    }
    return routes(correlations);
  }

  /** Resolves {@code def} after the correlations it references; false when it cannot be used. */
  private boolean resolve(CorrelationDef def, List<CorrelationDef> path, Map<String, Integer> detectionIndex,
      Map<String, CorrelationDef> defIndex, Map<CorrelationDef, Integer> done, List<CorrelationRule> out, Set<CorrelationDef> broken) {
    if (done.containsKey(def)) {
      return true;
    }
    if (broken.contains(def)) {
      return false;
    }
    if (path.contains(def)) {
      StringBuilder cycle = new StringBuilder();
      for (CorrelationDef d : path.subList(path.indexOf(def), path.size())) {
        cycle.append(d.info().id()).append(" -> ");
      }
      fail(def, def.info().line(), "correlation rules form a cycle: " + cycle + def.info().id(), broken);
      return false;
    }
    path.add(def);
    List<CorrelationRule.Input> inputs = new ArrayList<>();
    try {
      for (CorrelationDef.Reference ref : def.rules()) {
        Integer d = detectionIndex.get(ref.name());
        CorrelationDef inner = defIndex.get(ref.name());
        if (d != null) {
          inputs.add(new CorrelationRule.Input(false, d));
        } else if (inner != null) {
          if (!resolve(inner, path, detectionIndex, defIndex, done, out, broken)) {
            if (!broken.contains(def)) {
              fail(def, ref.line(), "references rule '" + ref.name() + "', which failed to load", broken);
            }
            return false;
          }
          inputs.add(new CorrelationRule.Input(true, done.get(inner)));
        } else if (failed.containsKey(ref.name())) {
          fail(def, ref.line(), "references rule '" + ref.name() + "', which failed to load (" + failed.get(ref.name()) + ")", broken);
          return false;
        } else {
          fail(def, ref.line(), "references unknown rule '" + ref.name() + "'", broken);
          return false;
        }
      }
    } finally {
      path.remove(path.size() - 1);
    }
    CorrelationRule rule = compile(def, inputs, out);
    done.put(def, out.size());
    out.add(rule);
    return true;
  }

  private CorrelationRule compile(CorrelationDef def, List<CorrelationRule.Input> inputs, List<CorrelationRule> resolved) {
    String[] groupBy = def.groupBy().toArray(String[]::new);
    String[][] groupFields = new String[inputs.size()][groupBy.length];
    String[] valueFields = def.field() == null ? null : new String[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      CorrelationDef.Reference ref = def.rules().get(i);
      CorrelationRule.Input in = inputs.get(i);
      SigmaRule target = in.correlation() ? resolved.get(in.index()).info() : detections.get(in.index()).info();
      for (int g = 0; g < groupBy.length; g++) {
        groupFields[i][g] = aliased(def, groupBy[g], ref.name(), target);
      }
      if (valueFields != null) {
        valueFields[i] = aliased(def, def.field(), ref.name(), target);
      }
    }
    boolean monotone = def.conditions().stream().allMatch(CorrelationDef.Bound::monotone);
    return new CorrelationRule(def.info(), def.type(), inputs.toArray(CorrelationRule.Input[]::new), groupBy, groupFields,
        valueFields, def.timespanMillis(), def.conditions(), monotone, def.generate());
  }

  /** The field {@code name} stands for in events of {@code target}: an alias's mapping, or the name itself. */
  private static String aliased(CorrelationDef def, String name, String reference, SigmaRule target) {
    Map<String, String> alias = def.aliases().get(name);
    if (alias == null) {
      return name;
    }
    for (String key : new String[] {reference, target.name(), target.id()}) {
      if (key != null && alias.containsKey(key)) {
        return alias.get(key);
      }
    }
    return name;
  }

  private RuleSet routes(List<CorrelationRule> correlations) {
    List<List<RuleSet.Route>> fromDetection = new ArrayList<>();
    List<List<RuleSet.Route>> fromCorrelation = new ArrayList<>();
    detections.forEach(d -> fromDetection.add(new ArrayList<>()));
    correlations.forEach(c -> fromCorrelation.add(new ArrayList<>()));
    boolean[] detectionAlerts = new boolean[detections.size()];
    boolean[] correlationAlerts = new boolean[correlations.size()];
    Arrays.fill(detectionAlerts, true);
    Arrays.fill(correlationAlerts, true);
    boolean[] detectionGenerated = new boolean[detections.size()];
    boolean[] correlationGenerated = new boolean[correlations.size()];
    for (int c = 0; c < correlations.size(); c++) {
      CorrelationRule rule = correlations.get(c);
      boolean generate = rule.generate();
      for (int i = 0; i < rule.inputs().length; i++) {
        CorrelationRule.Input in = rule.inputs()[i];
        (in.correlation() ? fromCorrelation : fromDetection).get(in.index()).add(new RuleSet.Route(c, i));
        if (in.correlation()) {
          correlationAlerts[in.index()] = false;
          correlationGenerated[in.index()] |= generate;
        } else {
          detectionAlerts[in.index()] = false;
          detectionGenerated[in.index()] |= generate;
        }
      }
    }
    for (int i = 0; i < detectionAlerts.length; i++) {
      detectionAlerts[i] |= detectionGenerated[i];
    }
    for (int i = 0; i < correlationAlerts.length; i++) {
      correlationAlerts[i] |= correlationGenerated[i];
    }
    return new RuleSet(detections, correlations,
        fromDetection.stream().map(l -> l.toArray(RuleSet.Route[]::new)).toArray(RuleSet.Route[][]::new),
        fromCorrelation.stream().map(l -> l.toArray(RuleSet.Route[]::new)).toArray(RuleSet.Route[][]::new),
        detectionAlerts, correlationAlerts);
  }

  private void fail(CorrelationDef def, int line, String message, Set<CorrelationDef> broken) {
    broken.add(def);
    problems.accept(new RuleProblem(def.info().source(), line, message));
  }
}
