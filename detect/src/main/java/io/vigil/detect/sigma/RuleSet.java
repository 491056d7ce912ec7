package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Compiled Sigma rules, ready to match events. Immutable and thread-safe.
 *
 * <p>Rules are grouped by logsource, and each group has a literal prefilter ({@link LiteralIndex}):
 * an event is checked only against the rules of the groups whose logsource covers it, and among
 * those only against the rules whose required literals it contains. See the module README.
 */
public final class RuleSet {
  private static final RuleSet EMPTY = new RuleSet(List.of(), List.of(), new Route[0][], new Route[0][], new boolean[0], new boolean[0]);

  private final List<DetectionRule> detections;
  private final List<CorrelationRule> correlations;
  private final Route[][] detectionRoutes;
  private final Route[][] correlationRoutes;
  private final boolean[] detectionAlerts;
  private final boolean[] correlationAlerts;
  private final List<Group> groups;
  private final Set<String> correlationIds;
  /** Events name few distinct logsources; the bound only guards against callers that invent many. */
  private static final int MAX_CACHED_LOGSOURCES = 1024;

  private final Map<List<Logsource>, List<Group>> resolved = new ConcurrentHashMap<>();
  /**
   * The last groups found for a list of logsources, by the list's identity: the logsource mapping
   * hands out one list per kind of event, so this skips hashing it. Racy but safe: each entry is
   * immutable, and a miss falls back to {@link #resolved}.
   */
  private final Resolved[] byIdentity = new Resolved[64];

  private record Resolved(List<Logsource> logsources, List<Group> groups) {}

  /** Where a rule's matches go: input {@code input} of correlation {@code correlation}. */
  record Route(int correlation, int input) {}

  /** One logsource's rules and their prefilter. */
  private record Group(Logsource logsource, LiteralIndex index) {}

  RuleSet(List<DetectionRule> detections, List<CorrelationRule> correlations, Route[][] detectionRoutes,
      Route[][] correlationRoutes, boolean[] detectionAlerts, boolean[] correlationAlerts) {
    this.detections = List.copyOf(detections);
    this.correlations = List.copyOf(correlations);
    this.detectionRoutes = detectionRoutes;
    this.correlationRoutes = correlationRoutes;
    this.detectionAlerts = detectionAlerts;
    this.correlationAlerts = correlationAlerts;
    this.correlationIds = correlations.stream().map(c -> c.info().id()).collect(Collectors.toUnmodifiableSet());
    Map<Logsource, List<Integer>> byLogsource = new LinkedHashMap<>();
    for (int i = 0; i < detections.size(); i++) {
      byLogsource.computeIfAbsent(detections.get(i).info().logsource(), l -> new ArrayList<>()).add(i);
    }
    List<Group> built = new ArrayList<>();
    byLogsource.forEach((logsource, indexes) -> {
      int[] rules = indexes.stream().mapToInt(Integer::intValue).toArray();
      List<Anchors> anchors = indexes.stream().map(i -> detections.get(i).anchors()).toList();
      built.add(new Group(logsource, new LiteralIndex(rules, anchors)));
    });
    this.groups = List.copyOf(built);
  }

  /** A rule set with no rules. */
  public static RuleSet empty() {
    return EMPTY;
  }

  /** Every rule: the detection rules, then the correlation rules, in load order. */
  public List<SigmaRule> rules() {
    List<SigmaRule> out = new ArrayList<>(detections.size() + correlations.size());
    detections.forEach(d -> out.add(d.info()));
    correlations.forEach(c -> out.add(c.info()));
    return List.copyOf(out);
  }

  /** How many rules there are, detection and correlation. */
  public int size() {
    return detections.size() + correlations.size();
  }

  /**
   * The ids of the detection rules that match {@code event}, whatever their logsource, in load
   * order. {@code event} maps field names to values (text, numbers, booleans, null, or collections
   * of them).
   */
  public List<String> match(Map<String, ?> event) {
    return ids(matches(null, new EventView(event)));
  }

  /** The ids of the detection rules whose logsource covers {@code logsource} and that match {@code event}. */
  public List<String> match(Logsource logsource, Map<String, ?> event) {
    return ids(matches(List.of(logsource), new EventView(event)));
  }

  /**
   * The indexes of the detection rules that match, in ascending order.
   *
   * @param logsources the event's logsources, any of which a rule may cover; null for every rule
   */
  BitSet matches(List<Logsource> logsources, EventView event) {
    BitSet candidates = new BitSet(detections.size());
    for (Group g : groups(logsources)) {
      g.index().candidates(event, candidates);
    }
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      if (!detections.get(i).search().matches(event)) {
        candidates.clear(i);
      }
    }
    return candidates;
  }

  private List<Group> groups(List<Logsource> logsources) {
    if (logsources == null) {
      return groups;
    }
    int slot = System.identityHashCode(logsources) & (byIdentity.length - 1);
    Resolved last = byIdentity[slot];
    if (last != null && last.logsources() == logsources) {
      return last.groups();
    }
    List<Group> covering = resolved.get(logsources);
    if (covering == null) {
      covering = groups.stream().filter(g -> logsources.stream().anyMatch(g.logsource()::covers)).toList();
      if (resolved.size() < MAX_CACHED_LOGSOURCES) {
        resolved.put(List.copyOf(logsources), covering);
      }
    }
    if (List.copyOf(logsources) == logsources) { // immutable, so its identity stands for its content
      byIdentity[slot] = new Resolved(logsources, covering);
    }
    return covering;
  }

  private List<String> ids(BitSet matched) {
    List<String> out = new ArrayList<>(matched.cardinality());
    for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
      out.add(detections.get(i).info().id());
    }
    return out;
  }

  DetectionRule detection(int index) {
    return detections.get(index);
  }

  List<CorrelationRule> correlations() {
    return correlations;
  }

  boolean hasCorrelation(String id) {
    return correlationIds.contains(id);
  }

  Route[] routesFromDetection(int index) {
    return detectionRoutes[index];
  }

  Route[] routesFromCorrelation(int index) {
    return correlationRoutes[index];
  }

  /** Whether a detection rule alerts on its own (it does unless only non-generating correlations use it). */
  boolean detectionAlerts(int index) {
    return detectionAlerts[index];
  }

  boolean correlationAlerts(int index) {
    return correlationAlerts[index];
  }
}
