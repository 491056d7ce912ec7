package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Correlation rules over event-time windows. */
class SigmaCorrelationTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static final String BASE = """
      title: failed login
      id: failed
      name: failed_login
      logsource: {product: vigil, category: login}
      detection: {sel: {Result: Fail}, condition: sel}
      ---
      title: successful login
      id: success
      name: successful_login
      logsource: {product: vigil, category: login}
      detection: {sel: {Result: Success}, condition: sel}
      ---
      """;

  private final List<Instant> timers = new ArrayList<>();

  private SigmaEngine engine(String correlations) {
    return engine(correlations, Duration.ZERO);
  }

  private SigmaEngine engine(String correlations, Duration lateness) {
    return SigmaEngine.builder(InlineRules.of(BASE + correlations)).allowedLateness(lateness)
        .timers((device, time) -> timers.add(time)).build();
  }

  /** The ids of the correlation rules that fired on an event at T0 + seconds. */
  private static List<String> fired(SigmaEngine engine, String device, long seconds, Map<String, ?> fields) {
    return correlations(engine.process(device, T0.plusSeconds(seconds), null, fields));
  }

  private static List<String> fired(SigmaEngine engine, long seconds, Map<String, ?> fields) {
    return fired(engine, "gw-1", seconds, fields);
  }

  private static List<String> correlations(List<RuleMatch> matches) {
    return matches.stream().filter(m -> m.rule().isCorrelation()).map(m -> m.rule().id()).toList();
  }

  private static Map<String, String> fail(String user) {
    return Map.of("Result", "Fail", "UserName", user, "RemoteAddress", "203.0.113.9");
  }

  private static final String BRUTE_FORCE = """
      title: brute force
      id: brute
      name: brute_force
      correlation:
        type: event_count
        rules: [failed_login]
        group-by: [UserName]
        timespan: 1m
        condition: {gte: 3}
      level: medium
      """;

  @Test
  void eventCountFiresWhenEnoughEventsOfOneGroupFallInTheTimespan() {
    SigmaEngine engine = engine(BRUTE_FORCE);
    assertThat(fired(engine, 0, fail("alice"))).isEmpty();
    assertThat(fired(engine, 10, fail("bob"))).isEmpty();
    assertThat(fired(engine, 20, fail("alice"))).isEmpty();
    assertThat(fired(engine, 25, fail("bob"))).as("bob has two").isEmpty();
    List<RuleMatch> third = engine.process("gw-1", T0.plusSeconds(30), null, fail("alice"));
    assertThat(third).extracting(m -> m.rule().id()).containsExactly("failed", "brute");
    RuleMatch brute = third.get(1);
    assertThat(brute.group()).containsExactly(Map.entry("UserName", "alice"));
    assertThat(brute.firstSeen()).isEqualTo(T0);
    assertThat(brute.lastSeen()).isEqualTo(T0.plusSeconds(30));
    assertThat(brute.events()).isEqualTo(3);
    assertThat(brute.value()).isEqualTo(3);
    assertThat(brute.alerts()).isTrue();
    assertThat(fired(engine, 31, fail("alice"))).as("the group starts afresh after firing").isEmpty();
  }

  @Test
  void windowsSlideOverEventTimeAndIncludeBothEnds() {
    SigmaEngine engine = engine(BRUTE_FORCE);
    assertThat(fired(engine, 0, fail("alice"))).isEmpty();
    assertThat(fired(engine, 50, fail("alice"))).isEmpty();
    assertThat(fired(engine, 100, fail("alice"))).as("0..100 is longer than 1m").isEmpty();
    assertThat(fired(engine, 110, fail("alice"))).as("50, 100, 110 fall in one minute").containsExactly("brute");
    SigmaEngine edges = engine(BRUTE_FORCE);
    fired(edges, 0, fail("carol"));
    fired(edges, 30, fail("carol"));
    assertThat(fired(edges, 60, fail("carol"))).as("exactly one timespan apart").containsExactly("brute");
  }

  @Test
  void eachDeviceHasItsOwnWindows() {
    SigmaEngine engine = engine(BRUTE_FORCE);
    fired(engine, "gw-1", 0, fail("alice"));
    fired(engine, "gw-2", 1, fail("alice"));
    assertThat(fired(engine, "gw-1", 2, fail("alice"))).isEmpty();
    assertThat(fired(engine, "gw-1", 3, fail("alice"))).containsExactly("brute");
  }

  @Test
  void eventsWithoutTheGroupByFieldAreInNoGroup() {
    SigmaEngine engine = engine(BRUTE_FORCE);
    for (int i = 0; i < 5; i++) {
      assertThat(fired(engine, i, Map.of("Result", "Fail"))).isEmpty();
    }
  }

  @Test
  void valueCountCountsDistinctValues() {
    SigmaEngine engine = engine("""
        title: password spraying
        id: spray
        correlation:
          type: value_count
          rules: [failed_login]
          group-by: [RemoteAddress]
          timespan: 5m
          condition: {field: UserName, gte: 3}
        """);
    assertThat(fired(engine, 0, fail("alice"))).isEmpty();
    assertThat(fired(engine, 1, fail("alice"))).isEmpty();
    assertThat(fired(engine, 2, fail("bob"))).as("two distinct users").isEmpty();
    assertThat(fired(engine, 3, Map.of("Result", "Fail", "RemoteAddress", "203.0.113.9"))).as("no UserName: not counted").isEmpty();
    List<RuleMatch> m = engine.process("gw-1", T0.plusSeconds(4), null, fail("carol"));
    assertThat(correlations(m)).containsExactly("spray");
    assertThat(m.get(1).value()).isEqualTo(3);
    assertThat(m.get(1).events()).isEqualTo(4);
    assertThat(m.get(1).group()).containsEntry("RemoteAddress", "203.0.113.9");
  }

  @Test
  void temporalNeedsEveryRuleInTheTimespanInAnyOrder() {
    String temporal = """
        title: failure and success
        id: both
        correlation:
          type: temporal
          rules: [successful_login, failed_login]
          group-by: [UserName]
          timespan: 2m
        """;
    SigmaEngine engine = engine(temporal);
    assertThat(fired(engine, 0, Map.of("Result", "Success", "UserName", "alice"))).isEmpty();
    assertThat(fired(engine, 30, fail("bob"))).as("other group").isEmpty();
    assertThat(fired(engine, 60, fail("alice"))).containsExactly("both");
    SigmaEngine late = engine(temporal);
    fired(late, 0, Map.of("Result", "Success", "UserName", "alice"));
    assertThat(fired(late, 121, fail("alice"))).as("outside the timespan").isEmpty();
  }

  @Test
  void temporalOrderedNeedsTheRulesInTheirOrder() {
    String ordered = """
        title: failure then success
        id: then
        correlation:
          type: temporal_ordered
          rules: [failed_login, successful_login]
          group-by: [UserName]
          timespan: 10m
        """;
    SigmaEngine engine = engine(ordered);
    assertThat(fired(engine, 0, Map.of("Result", "Success", "UserName", "alice"))).isEmpty();
    assertThat(fired(engine, 10, fail("alice"))).as("success came first").isEmpty();
    assertThat(fired(engine, 20, Map.of("Result", "Success", "UserName", "alice"))).containsExactly("then");
  }

  @Test
  void correlationsChainAsInTheSpecificationsBruteForceExample() {
    SigmaEngine engine = engine(BRUTE_FORCE + """
        ---
        title: brute force success
        id: brute-success
        correlation:
          type: temporal_ordered
          rules: [brute_force, successful_login]
          group-by: [UserName]
          timespan: 10m
        level: high
        """);
    fired(engine, 0, fail("alice"));
    fired(engine, 1, fail("alice"));
    List<RuleMatch> third = engine.process("gw-1", T0.plusSeconds(2), null, fail("alice"));
    assertThat(third).filteredOn(m -> m.rule().id().equals("brute")).singleElement()
        .satisfies(m -> assertThat(m.alerts()).as("brute_force is used by a correlation that does not generate it").isFalse());
    List<RuleMatch> success = engine.process("gw-1", T0.plusSeconds(60), null, Map.of("Result", "Success", "UserName", "alice"));
    assertThat(correlations(success)).containsExactly("brute-success");
    RuleMatch m = success.get(1);
    assertThat(m.alerts()).isTrue();
    assertThat(m.firstSeen()).isEqualTo(T0.plusSeconds(2));
    assertThat(m.lastSeen()).isEqualTo(T0.plusSeconds(60));
    assertThat(success.get(0).alerts()).as("successful_login is only correlated").isFalse();
  }

  @Test
  void generateKeepsTheReferencedRulesAlerting() {
    SigmaEngine engine = engine(BRUTE_FORCE.replace("level: medium", "generate: true"));
    assertThat(engine.process("gw-1", T0, null, fail("alice")).get(0).alerts()).isTrue();
    SigmaEngine plain = engine(BRUTE_FORCE);
    assertThat(plain.process("gw-1", T0, null, fail("alice")).get(0).alerts()).isFalse();
  }

  @Test
  void aliasesGroupDifferentFieldsOfDifferentRules() {
    SigmaEngine engine = SigmaEngine.builder(InlineRules.of("""
        title: outbound to port 4444
        id: out
        name: outbound
        logsource: {category: network_connection}
        detection: {sel: {DestinationPort: 4444}, condition: sel}
        ---
        title: inbound ssh
        id: in
        name: inbound
        logsource: {category: network_connection}
        detection: {sel: {DestinationPort: 22, Initiated: 'false'}, condition: sel}
        ---
        title: same peer both ways
        id: peer
        correlation:
          type: temporal
          rules: [outbound, inbound]
          group-by: [peer]
          timespan: 1m
          aliases:
            peer:
              outbound: DestinationIp
              inbound: SourceIp
        """)).allowedLateness(Duration.ZERO).build();
    assertThat(fired(engine, 0, Map.of("DestinationPort", 4444, "DestinationIp", "198.51.100.7"))).isEmpty();
    assertThat(fired(engine, 5, Map.of("DestinationPort", 22, "Initiated", "false", "SourceIp", "198.51.100.8"))).as("another peer").isEmpty();
    List<RuleMatch> m = engine.process("gw-1", T0.plusSeconds(9), null, Map.of("DestinationPort", 22, "Initiated", "false", "SourceIp", "198.51.100.7"));
    assertThat(correlations(m)).containsExactly("peer");
    assertThat(m.get(1).group()).containsExactly(Map.entry("peer", "198.51.100.7"));
  }

  @Test
  void anUpperBoundIsDecidedWhenTheWindowClosesByTimerOrLaterEvents() {
    SigmaEngine engine = engine("""
        title: few failures
        id: few
        correlation:
          type: event_count
          rules: [failed_login]
          group-by: [UserName]
          timespan: 1m
          condition: {gte: 1, lt: 3}
        """);
    assertThat(fired(engine, 0, fail("alice"))).isEmpty();
    assertThat(fired(engine, 10, fail("alice"))).as("undecided until the minute is over").isEmpty();
    assertThat(timers).as("just after the window's end").contains(T0.plusMillis(60_001));
    assertThat(correlations(engine.advance("gw-1", T0.plusSeconds(60)))).as("a match at 60 s would still count").isEmpty();
    List<RuleMatch> closed = engine.advance("gw-1", T0.plusMillis(60_001));
    assertThat(correlations(closed)).containsExactly("few");
    assertThat(closed.get(0).events()).isEqualTo(2);
    assertThat(engine.advance("gw-1", T0.plusSeconds(61))).as("decided once").isEmpty();
    // Three failures in the next window exceed the bound: nothing fires when a later event closes it.
    fired(engine, 100, fail("bob"));
    fired(engine, 110, fail("bob"));
    fired(engine, 120, fail("bob"));
    assertThat(fired(engine, 200, Map.of("Result", "Other"))).isEmpty();
    // Windows are consecutive: the next one opens with the first failure after the last window.
    fired(engine, 300, fail("bob"));
    assertThat(fired(engine, 400, Map.of("Result", "Other"))).containsExactly("few");
  }

  @Test
  void aTimerIsAskedForTheNextDueTimeAndAgainOnceItHasPassed() {
    SigmaEngine engine = engine(BRUTE_FORCE);
    fired(engine, 0, fail("alice"));
    fired(engine, 30, fail("alice"));
    assertThat(timers).as("the match at 0 expires after 60 s; nothing is due earlier").containsExactly(T0.plusMillis(60_001));
    engine.advance("gw-1", T0.plusMillis(60_001));
    assertThat(timers).as("then the match at 30 expires after 90 s").containsExactly(T0.plusMillis(60_001), T0.plusMillis(90_001));
    assertThat(fired(engine, 80, fail("alice"))).as("30 and 80 remain: two").isEmpty();
  }

  @Test
  void lateMatchesWithinTheAllowedLatenessCountAndLaterOnesAreLeftOut() {
    CorrelationStore store = CorrelationStore.inMemory();
    SigmaEngine engine = SigmaEngine.builder(InlineRules.of(BASE + BRUTE_FORCE)).store(store).allowedLateness(Duration.ofSeconds(30)).build();
    fired(engine, 100, fail("alice"));
    fired(engine, 200, Map.of("Result", "Other"));
    assertThat(fired(engine, 150, fail("alice"))).as("150 is 50 s behind 200: too late").isEmpty();
    assertThat(store.get("gw-1").lateEvents()).isEqualTo(1);
    assertThat(fired(engine, 175, fail("alice"))).isEmpty();
    assertThat(fired(engine, 190, fail("alice"))).as("out of order but within 30 s").isEmpty();
    assertThat(fired(engine, 180, fail("alice"))).as("175, 180, 190").containsExactly("brute");
  }

  @Test
  void stateStaysBounded() {
    SigmaEngine engine = SigmaEngine.builder(InlineRules.of(BASE + BRUTE_FORCE)).allowedLateness(Duration.ZERO)
        .maxGroupsPerRule(2).maxMatchesPerGroup(2).build();
    fired(engine, 0, fail("alice"));
    fired(engine, 1, fail("alice"));
    fired(engine, 2, fail("bob"));
    fired(engine, 3, fail("carol"));
    assertThat(fired(engine, 4, fail("alice"))).as("alice's group was evicted as the stalest").isEmpty();
    assertThat(fired(engine, 5, fail("alice"))).as("and two matches are all a group keeps").isEmpty();
  }

  @Test
  void expiredMatchesAreDropped() {
    CorrelationStore store = CorrelationStore.inMemory();
    SigmaEngine engine = SigmaEngine.builder(InlineRules.of(BASE + BRUTE_FORCE)).store(store).allowedLateness(Duration.ZERO).build();
    fired(engine, 0, fail("alice"));
    assertThat(store.get("gw-1").isEmpty()).isFalse();
    engine.advance("gw-1", T0.plusSeconds(61));
    assertThat(store.get("gw-1").isEmpty()).isTrue();
  }

  @Test
  void windowsOfRulesThatWereRemovedAreDropped() {
    CorrelationStore store = CorrelationStore.inMemory();
    SigmaEngine before = SigmaEngine.builder(InlineRules.of(BASE + BRUTE_FORCE)).store(store).allowedLateness(Duration.ZERO).build();
    fired(before, 0, fail("alice"));
    SigmaEngine after = SigmaEngine.builder(InlineRules.of(BASE + BRUTE_FORCE.replace("id: brute", "id: brute-v2"))).store(store)
        .allowedLateness(Duration.ZERO).build();
    after.advance("gw-1", T0.plusSeconds(1));
    assertThat(store.get("gw-1").isEmpty()).isFalse();
    after.advance("gw-1", T0.plusSeconds(61));
    assertThat(store.get("gw-1").isEmpty()).isTrue();
    fired(after, 70, fail("alice"));
    fired(after, 71, fail("alice"));
    assertThat(fired(after, 72, fail("alice"))).containsExactly("brute-v2");
  }

  @Test
  void theBuilderFailsFastWithExactMessages() {
    SigmaEngine.Builder b = SigmaEngine.builder(RuleSet.empty()).allowedLateness(Duration.ZERO);
    assertThatThrownBy(() -> b.allowedLateness(Duration.ofSeconds(1))).hasMessage("allowed lateness was already set to PT0S");
    assertThatThrownBy(() -> SigmaEngine.builder(RuleSet.empty()).allowedLateness(Duration.ofSeconds(-1)))
        .hasMessage("allowed lateness must not be negative, was PT-1S");
    assertThatThrownBy(() -> SigmaEngine.builder(RuleSet.empty()).maxGroupsPerRule(0)).hasMessage("max groups per rule must be at least 1, was 0");
  }

  /** The problems of {@code correlation} loaded after the base rules. */
  private static List<String> problems(String correlation) {
    return InlineRules.load(BASE + correlation).problems().stream().map(RuleProblem::toString).toList();
  }

  @Test
  void badCorrelationRules() {
    String head = "title: c\nid: c\ncorrelation:\n";
    assertThat(problems(head + "  type: value_sum\n  rules: [failed]\n  timespan: 1m\n  condition: {gte: 1}\n"))
        .containsExactly("test.yml:16: unsupported correlation type 'value_sum' (supported: event_count, value_count, temporal, temporal_ordered)");
    assertThat(problems(head + "  type: event_count\n  rules: [nope]\n  timespan: 1m\n  condition: {gte: 1}\n"))
        .containsExactly("test.yml:17: references unknown rule 'nope'");
    assertThat(problems(head + "  type: event_count\n  rules: [failed]\n  timespan: 1 min\n  condition: {gte: 1}\n"))
        .containsExactly("test.yml:18: invalid timespan '1 min' (expected a positive number and one of s, m, h, d, w, such as 10m)");
    assertThat(problems(head + "  type: event_count\n  rules: [failed]\n  timespan: 1m\n"))
        .containsExactly("test.yml:15: a event_count correlation needs a 'condition'");
    assertThat(problems(head + "  type: value_count\n  rules: [failed]\n  timespan: 1m\n  condition: {gte: 2}\n"))
        .containsExactly("test.yml:15: a value_count correlation needs 'field' in its condition");
    assertThat(problems(head + "  type: event_count\n  rules: [failed]\n  timespan: 1m\n  condition: {more: 2}\n"))
        .containsExactly("test.yml:19: unknown correlation condition 'more' (known: gt, gte, lt, lte, eq, neq, field)");
    assertThat(problems(head + "  type: event_count\n  rules: [failed]\n  timespan: 1m\n  condition: {gte: many}\n"))
        .containsExactly("test.yml:19: correlation condition 'gte' needs a whole number, got 'many'");
    assertThat(problems(head + "  type: temporal\n  rules: [failed, success]\n  timespan: 1m\n  condition: failed and success\n"))
        .containsExactly("test.yml:19: extended correlation conditions ('failed and success') are not supported; use a map such as 'gte: 5'");
    assertThat(problems(head + "  type: event_count\n  rules: [failed, failed]\n  timespan: 1m\n  condition: {gte: 1}\n"))
        .containsExactly("test.yml:17: rule 'failed' is listed twice");
  }

  @Test
  void referencesToBrokenRulesAndCyclesAreReported() {
    String broken = """
        title: broken
        id: broken
        logsource: {product: vigil, category: login}
        detection: {sel: {Result|bogus: x}, condition: sel}
        ---
        title: uses broken
        id: user
        correlation: {type: event_count, rules: [broken], timespan: 1m, condition: {gte: 2}}
        ---
        title: a
        id: a
        correlation: {type: event_count, rules: [b], timespan: 1m, condition: {gte: 2}}
        ---
        title: b
        id: b
        correlation: {type: event_count, rules: [a], timespan: 1m, condition: {gte: 2}}
        """;
    assertThat(problems(broken)).containsExactly(
        "test.yml:16: unsupported modifier 'bogus' in 'Result|bogus'",
        "test.yml:20: references rule 'broken', which failed to load (test.yml:16)",
        "test.yml:22: correlation rules form a cycle: a -> b -> a",
        "test.yml:28: references rule 'a', which failed to load");
  }
}
