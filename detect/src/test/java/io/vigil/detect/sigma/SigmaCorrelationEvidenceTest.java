package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Correlation matches name the events that made them: the distinct ids of the newest 10, oldest first. */
class SigmaCorrelationEvidenceTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Map<String, String> FAIL = Map.of("Result", "Fail", "UserName", "alice", "RemoteAddress", "203.0.113.9");

  private static final String RULES = """
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
      title: brute force
      id: brute
      name: brute_force
      correlation: {type: event_count, rules: [failed_login], group-by: [UserName], timespan: 1m, condition: {gte: GTE}}
      ---
      title: brute force success
      id: brute-success
      correlation: {type: temporal_ordered, rules: [brute_force, successful_login], group-by: [UserName], timespan: 10m}
      ---
      title: few users
      id: few-users
      correlation: {type: value_count, rules: [failed_login], timespan: 1m, condition: {field: UserName, lt: 3}}
      """;

  private final CorrelationStore store = CorrelationStore.inMemory();

  private SigmaEngine engine(int gte) {
    return SigmaEngine.builder(InlineRules.of(RULES.replace("GTE", Integer.toString(gte)))).store(store)
        .allowedLateness(Duration.ZERO).build();
  }

  private static RuleMatch only(List<RuleMatch> matches, String id) {
    List<RuleMatch> found = matches.stream().filter(m -> m.rule().id().equals(id)).toList();
    assertThat(found).as("matches of %s in %s", id, matches).hasSize(1);
    return found.get(0);
  }

  @Test
  void aDetectionMatchCarriesItsEventsId() {
    List<RuleMatch> m = engine(3).process("gw-1", T0, "e-1", null, FAIL);
    assertThat(only(m, "failed").eventIds()).containsExactly("e-1");
    assertThat(only(engine(3).process("gw-2", T0, null, FAIL), "failed").eventIds()).as("no id given").isEmpty();
  }

  @Test
  void anEventCountFiringNamesItsEventsOldestFirst() {
    SigmaEngine engine = engine(3);
    engine.process("gw-1", T0, "e-1", null, FAIL);
    engine.process("gw-1", T0.plusSeconds(1), "e-2", null, FAIL);
    assertThat(only(engine.process("gw-1", T0.plusSeconds(2), "e-3", null, FAIL), "brute").eventIds())
        .containsExactly("e-1", "e-2", "e-3");
  }

  @Test
  void aBigBurstNamesTheNewestTenDistinctIds() {
    SigmaEngine engine = engine(25);
    List<RuleMatch> last = List.of();
    for (int i = 1; i <= 25; i++) {
      // Two login attempts per message: the items of one event share its id and time.
      last = engine.process("gw-1", T0.plusSeconds((i + 1) / 2), "e-" + (i + 1) / 2, null, FAIL);
    }
    assertThat(only(last, "brute").eventIds()).containsExactly("e-4", "e-5", "e-6", "e-7", "e-8", "e-9", "e-10", "e-11", "e-12", "e-13");
  }

  @Test
  void aLateMatchInsertedAmongOlderOnesKeepsOnlyTheNewestTen() {
    SigmaEngine engine = SigmaEngine.builder(InlineRules.of(RULES.replace("GTE", "100"))).store(store)
        .allowedLateness(Duration.ofMinutes(1)).build();
    for (int i = 1; i <= 12; i++) {
      engine.process("gw-1", T0.plusSeconds(10 + i), "e-" + i, null, FAIL);
    }
    engine.process("gw-1", T0.plusSeconds(5), "late", null, FAIL); // older than all: not among the newest
    engine.process("gw-1", T0.plusSeconds(30), "e-13", null, FAIL);
    GroupWindow w = store.get("gw-1").windows.get("brute").get(List.of("alice"));
    assertThat(w.size).isEqualTo(14);
    assertThat(w.evidence(0, w.size)).containsExactly("e-4", "e-5", "e-6", "e-7", "e-8", "e-9", "e-10", "e-11", "e-12", "e-13");
    assertThat(Arrays.stream(w.ids).filter(Objects::nonNull).count()).isEqualTo(GroupWindow.EVIDENCE);
  }

  @Test
  void furtherItemsOfALateEventAreRepeatsNotNewEvidence() {
    SigmaEngine engine = SigmaEngine.builder(InlineRules.of(RULES.replace("GTE", "100"))).store(store)
        .allowedLateness(Duration.ofMinutes(1)).build();
    for (int i = 1; i <= 12; i++) {
      engine.process("gw-1", T0.plusSeconds(10 + i), "e-" + i, null, FAIL);
    }
    // A late message among the newest with three login attempts: one event, one id, whatever its items.
    for (int item = 0; item < 3; item++) {
      engine.process("gw-1", T0.plusSeconds(15).plusMillis(500), "late", null, FAIL);
    }
    GroupWindow w = store.get("gw-1").windows.get("brute").get(List.of("alice"));
    assertThat(w.size).isEqualTo(15);
    assertThat(w.evidence(0, w.size)).containsExactly("e-4", "e-5", "late", "e-6", "e-7", "e-8", "e-9", "e-10", "e-11", "e-12");
    assertThat(Arrays.stream(w.ids).filter(Objects::nonNull).count()).isEqualTo(GroupWindow.EVIDENCE);
  }

  @Test
  void aLateEventWhoseFirstItemIsTooOldForEvidenceKeepsNoneForItsSecond() {
    SigmaEngine engine = SigmaEngine.builder(InlineRules.of(RULES.replace("GTE", "100"))).store(store)
        .allowedLateness(Duration.ofMinutes(1)).build();
    for (int i = 1; i <= 12; i++) {
      engine.process("gw-1", T0.plusSeconds(10 + i), "e-" + i, null, FAIL);
    }
    engine.process("gw-1", T0.plusSeconds(5), "late", null, FAIL);
    engine.process("gw-1", T0.plusSeconds(5), "late", null, FAIL);
    GroupWindow w = store.get("gw-1").windows.get("brute").get(List.of("alice"));
    assertThat(w.evidence(0, w.size)).containsExactly("e-3", "e-4", "e-5", "e-6", "e-7", "e-8", "e-9", "e-10", "e-11", "e-12");
    assertThat(Arrays.stream(w.ids).filter(Objects::nonNull).count()).isEqualTo(GroupWindow.EVIDENCE);
  }

  @Test
  void aGroupKeepsAtMostTenIdsHoweverManyMatchesItHolds() {
    SigmaEngine engine = engine(5000);
    IntStream.range(0, 2000).forEach(i -> engine.process("gw-1", T0.plusMillis(i), "e-" + i, null, FAIL));
    GroupWindow w = store.get("gw-1").windows.get("brute").get(List.of("alice"));
    assertThat(w.size).as("maxMatchesPerGroup").isEqualTo(1000);
    assertThat(Arrays.stream(w.ids).filter(Objects::nonNull).count()).isEqualTo(GroupWindow.EVIDENCE);
    assertThat(w.evidence(0, w.size)).first().isEqualTo("e-1990");
  }

  @Test
  void aChainedCorrelationNamesTheInnerFiringsEventsThenItsOwn() {
    SigmaEngine engine = engine(3);
    engine.process("gw-1", T0, "e-1", null, FAIL);
    engine.process("gw-1", T0.plusSeconds(1), "e-2", null, FAIL);
    engine.process("gw-1", T0.plusSeconds(2), "e-3", null, FAIL);
    List<RuleMatch> success = engine.process("gw-1", T0.plusSeconds(60), "s-1", null, Map.of("Result", "Success", "UserName", "alice"));
    assertThat(only(success, "brute-success").eventIds()).containsExactly("e-1", "e-2", "e-3", "s-1");
  }

  @Test
  void aWindowDecidedWhenItClosesNamesItsOwnEventsNotTheNextWindows() {
    SigmaEngine engine = engine(100);
    engine.process("gw-1", T0, "a-1", null, FAIL);
    engine.process("gw-1", T0.plusSeconds(30), "a-2", null, Map.of("Result", "Fail", "UserName", "bob"));
    List<RuleMatch> out = new ArrayList<>(engine.process("gw-1", T0.plusSeconds(90), "b-1", null, FAIL));
    assertThat(only(out, "few-users").eventIds()).containsExactly("a-1", "a-2");
    assertThat(only(engine.advance("gw-1", T0.plusSeconds(200)), "few-users").eventIds()).containsExactly("b-1");
  }
}
