package io.vigil.detect.sigma;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs a {@link RuleSet} over a stream of events: detection rules per event, correlation rules
 * over event-time windows per device and group.
 *
 * <p>Pure: it owns no threads, clock or storage. Time is the events' own; state lives in the
 * {@link CorrelationStore}; silent devices are woken through {@link EventTimers}. Call it from one
 * thread at a time for a given device; different devices may run on different threads.
 *
 * <p>Windows: a correlation whose condition only has lower bounds ({@code gt}, {@code gte}) fires
 * as soon as any window of {@code timespan} meets it (a sliding window), then its group starts
 * afresh. One with an upper bound ({@code lt}, {@code lte}, {@code eq}, {@code neq}) is decided
 * when its window has closed: windows are then consecutive, each opened by the first match after
 * the previous one. A window closes once the device's event time has passed its end by the
 * allowed lateness; matches older than the device's latest event time minus the lateness are
 * counted in {@link CorrelationState#lateEvents()} and left out.
 */
public final class SigmaEngine {
  private final RuleSet rules;
  private final CorrelationStore store;
  private final EventTimers timers;
  private final long lateness;
  private final int maxGroups;
  private final int maxMatches;
  private final MatchFilter filter;

  private SigmaEngine(Builder b) {
    this.rules = b.rules;
    this.store = b.store;
    this.timers = b.timers;
    this.lateness = b.lateness.toMillis();
    this.maxGroups = b.maxGroups;
    this.maxMatches = b.maxMatches;
    this.filter = b.filter;
  }

  public static Builder builder(RuleSet rules) {
    return new Builder(Objects.requireNonNull(rules, "rules"));
  }

  /**
   * Matches one event of a device, feeds the correlation rules, and returns every rule that
   * matched: the detection rules in load order, then any correlation rules that fired.
   *
   * @param logsources the event's logsources, any of which a rule may cover; null for every rule
   * @param fields the event's fields by taxonomy name
   */
  public List<RuleMatch> process(String deviceId, Instant time, List<Logsource> logsources, Map<String, ?> fields) {
    return process(deviceId, time, null, logsources, fields);
  }

  /**
   * As {@link #process(String, Instant, List, Map)}, for an event with an id: the detection matches
   * carry it, and correlations keep it as evidence (the ids of the newest 10 of a group's matches)
   * for their firings.
   *
   * @param eventId the event's id; null for none
   */
  public List<RuleMatch> process(String deviceId, Instant time, String eventId, List<Logsource> logsources, Map<String, ?> fields) {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(time, "time");
    EventView event = new EventView(fields);
    BitSet matched = rules.matches(logsources, event);
    String securityGroup = matched.isEmpty() ? null : event.first("SecurityGroup");
    for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
      if (filter.suppresses(rules.detection(i).info(), securityGroup, event::first)) {
        matched.clear(i);
      }
    }
    List<RuleMatch> out = new ArrayList<>();
    boolean routed = false;
    for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
      out.add(new RuleMatch(rules.detection(i).info(), rules.detectionAlerts(i), time, time, 1, 1, Map.of(),
          eventId == null ? List.of() : List.of(eventId)));
      routed |= rules.routesFromDetection(i).length > 0;
    }
    if (rules.correlations().isEmpty()) {
      return out;
    }
    CorrelationState state = store.get(deviceId);
    if (state == null && !routed) {
      return out;
    }
    if (state == null) {
      state = new CorrelationState();
    }
    long t = time.toEpochMilli();
    if (routed && state.clock != Long.MIN_VALUE && t < state.clock - lateness) {
      state.lateEvents++;
    } else {
      state.clock = Math.max(state.clock, t);
      if (securityGroup != null) {
        state.securityGroup = securityGroup;
      }
      for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
        for (RuleSet.Route r : rules.routesFromDetection(i)) {
          feed(state, deviceId, r, t, event::first, eventId, out);
        }
      }
    }
    sweep(state, deviceId, out);
    store.put(deviceId, state);
    return out;
  }

  /**
   * Moves the device's event time to {@code time} (never back) and decides the windows that
   * closed: what an {@link EventTimers} callback calls. Returns the correlation rules that fired.
   */
  public List<RuleMatch> advance(String deviceId, Instant time) {
    CorrelationState state = store.get(deviceId);
    List<RuleMatch> out = new ArrayList<>();
    if (state == null) {
      return out;
    }
    state.clock = Math.max(state.clock, time.toEpochMilli());
    sweep(state, deviceId, out);
    store.put(deviceId, state);
    return out;
  }

  /** Adds a match of a referenced rule to its group's window and fires the rule if met. */
  private void feed(CorrelationState state, String deviceId, RuleSet.Route route, long t, Function<String, String> fields, Object evidence,
      List<RuleMatch> out) {
    CorrelationRule rule = rules.correlations().get(route.correlation());
    List<String> key = new ArrayList<>(rule.groupBy().length);
    for (String field : rule.groupFields()[route.input()]) {
      String v = fields.apply(field);
      if (v == null) {
        return; // Like a SIEM's "by" clause: an event without a group-by field is in no group.
      }
      key.add(v);
    }
    String value = switch (rule.type()) {
      case "event_count" -> null;
      case "value_count" -> fields.apply(rule.valueFields()[route.input()]);
      default -> Windows.position(route.input());
    };
    if (rule.type().equals("value_count") && value == null) {
      return;
    }
    Map<List<String>, GroupWindow> groups = state.windows.computeIfAbsent(rule.info().id(), id -> new LinkedHashMap<>());
    GroupWindow w = groups.get(key);
    if (w == null) {
      if (groups.size() >= maxGroups) {
        evictStalest(groups);
      }
      w = new GroupWindow();
      groups.put(List.copyOf(key), w);
    }
    w.insert(t, value, evidence);
    if (w.size > maxMatches) {
      w.removeFirst(w.size - maxMatches);
    }
    if (rule.monotone()) {
      w.removeBefore(state.clock - lateness - rule.timespanMillis());
      int[] hit = Windows.firstSatisfied(rule, w, t);
      if (hit != null) {
        fire(state, deviceId, route.correlation(), key, w, hit[0], hit[1], out);
        groups.remove(key);
        if (groups.isEmpty()) {
          state.windows.remove(rule.info().id());
        }
        return;
      }
    }
    schedule(state, deviceId, due(rule, w));
  }

  /**
   * Decides the windows that closed and drops expired matches, feeds what fired into the
   * correlations that use it (which may close more), then asks for a timer for the next due time.
   */
  private void sweep(CorrelationState state, String deviceId, List<RuleMatch> out) {
    if (state.clock < state.nextDue) {
      return;
    }
    // Windows of rules that are gone since the state was stored (the rules were reloaded) would never be due.
    state.windows.keySet().removeIf(id -> !rules.hasCorrelation(id));
    while (state.clock >= state.nextDue) {
      List<Runnable> chained = new ArrayList<>();
      long next = Long.MAX_VALUE;
      List<CorrelationRule> all = rules.correlations();
      for (int c = 0; c < all.size(); c++) {
        CorrelationRule rule = all.get(c);
        Map<List<String>, GroupWindow> groups = state.windows.get(rule.info().id());
        if (groups == null) {
          continue;
        }
        for (Iterator<Map.Entry<List<String>, GroupWindow>> it = groups.entrySet().iterator(); it.hasNext(); ) {
          Map.Entry<List<String>, GroupWindow> e = it.next();
          GroupWindow w = e.getValue();
          if (rule.monotone()) {
            w.removeBefore(state.clock - lateness - rule.timespanMillis());
          }
          while (!rule.monotone() && w.size > 0 && due(rule, w) <= state.clock) {
            int to = w.upper(w.oldest() + rule.timespanMillis());
            if (rule.satisfied(Windows.measure(rule, w, 0, to))) {
              fireInto(state, c, e.getKey(), w, 0, to, out, chained, deviceId);
            }
            w.removeFirst(to);
          }
          if (w.size == 0) {
            it.remove();
          } else {
            next = Math.min(next, due(rule, w));
          }
        }
        if (groups.isEmpty()) {
          state.windows.remove(rule.info().id());
        }
      }
      state.nextDue = next;
      chained.forEach(Runnable::run);
    }
    if (state.nextDue != Long.MAX_VALUE) {
      timers.register(deviceId, Instant.ofEpochMilli(state.nextDue));
    }
  }

  /**
   * When a group next needs the sweep: once event time is past the end of its oldest match's
   * window by more than the lateness, that window is decided (or the match has expired): no
   * accepted match can join it any more. Windows include their end, hence the millisecond.
   */
  private long due(CorrelationRule rule, GroupWindow w) {
    return w.oldest() + rule.timespanMillis() + lateness + 1;
  }

  private void schedule(CorrelationState state, String deviceId, long due) {
    if (due < state.nextDue) {
      state.nextDue = due;
      timers.register(deviceId, Instant.ofEpochMilli(due));
    }
  }

  private void fire(CorrelationState state, String deviceId, int index, List<String> key, GroupWindow w, int from, int to, List<RuleMatch> out) {
    List<Runnable> chained = new ArrayList<>();
    fireInto(state, index, key, w, from, to, out, chained, deviceId);
    chained.forEach(Runnable::run);
  }

  /** Records a firing in {@code out} and queues its feeding into the correlations that use it. */
  private void fireInto(CorrelationState state, int index, List<String> key, GroupWindow w, int from, int to,
      List<RuleMatch> out, List<Runnable> chained, String deviceId) {
    CorrelationRule rule = rules.correlations().get(index);
    Map<String, String> group = new LinkedHashMap<>();
    for (int g = 0; g < rule.groupBy().length; g++) {
      group.put(rule.groupBy()[g], key.get(g));
    }
    if (filter.suppresses(rule.info(), state.securityGroup, group::get)) {
      return;
    }
    long last = w.times[to - 1];
    List<String> evidence = w.evidence(from, to);
    out.add(new RuleMatch(rule.info(), rules.correlationAlerts(index), Instant.ofEpochMilli(w.times[from]),
        Instant.ofEpochMilli(last), to - from, Windows.measure(rule, w, from, to), group, evidence));
    String[] inner = evidence.isEmpty() ? null : evidence.toArray(String[]::new);
    for (RuleSet.Route r : rules.routesFromCorrelation(index)) {
      chained.add(() -> feed(state, deviceId, r, last, group::get, inner, out));
    }
  }

  private static void evictStalest(Map<List<String>, GroupWindow> groups) {
    List<String> stalest = null;
    long newest = Long.MAX_VALUE;
    for (Map.Entry<List<String>, GroupWindow> e : groups.entrySet()) {
      if (e.getValue().newest() < newest) {
        newest = e.getValue().newest();
        stalest = e.getKey();
      }
    }
    groups.remove(stalest);
  }

  /** Configures an engine; every setting has a default. */
  public static final class Builder {
    private final RuleSet rules;
    private CorrelationStore store;
    private EventTimers timers;
    private Duration lateness;
    private int maxGroups;
    private int maxMatches;
    private MatchFilter filter;

    private Builder(RuleSet rules) {
      this.rules = rules;
    }

    /** Where per-device state lives (default: {@link CorrelationStore#inMemory()}). */
    public Builder store(CorrelationStore store) {
      if (this.store != null) {
        throw new IllegalStateException("store was already set to " + this.store);
      }
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where the engine asks to be woken (default: {@link EventTimers#none()}). */
    public Builder timers(EventTimers timers) {
      if (this.timers != null) {
        throw new IllegalStateException("timers were already set to " + this.timers);
      }
      this.timers = Objects.requireNonNull(timers, "timers");
      return this;
    }

    /** How far behind a device's latest event time a match may arrive and still count (default 1 minute). */
    public Builder allowedLateness(Duration lateness) {
      if (this.lateness != null) {
        throw new IllegalStateException("allowed lateness was already set to " + this.lateness);
      }
      if (lateness.isNegative()) {
        throw new IllegalArgumentException("allowed lateness must not be negative, was " + lateness);
      }
      this.lateness = lateness;
      return this;
    }

    /** At most this many groups per correlation rule and device; the stalest goes (default 1000). */
    public Builder maxGroupsPerRule(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max groups per rule must be at least 1, was " + max);
      }
      this.maxGroups = max;
      return this;
    }

    /** At most this many matches per group; the oldest go (default 1000). */
    public Builder maxMatchesPerGroup(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max matches per group must be at least 1, was " + max);
      }
      this.maxMatches = max;
      return this;
    }

    /** What suppresses matches: rules switched off, and rule exceptions (default: {@link MatchFilter#none()}). */
    public Builder filter(MatchFilter filter) {
      if (this.filter != null) {
        throw new IllegalStateException("filter was already set to " + this.filter);
      }
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    public SigmaEngine build() {
      filter = filter == null ? MatchFilter.none() : filter;
      store = store == null ? CorrelationStore.inMemory() : store;
      timers = timers == null ? EventTimers.none() : timers;
      lateness = lateness == null ? Duration.ofMinutes(1) : lateness;
      maxGroups = maxGroups == 0 ? 1000 : maxGroups;
      maxMatches = maxMatches == 0 ? 1000 : maxMatches;
      return new SigmaEngine(this);
    }
  }
}
