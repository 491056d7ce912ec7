package io.vigil.detect.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.SecurityEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static DeviceEvent at(Instant t, SecurityEvent e) {
    return new DeviceEvent("gw-1", "default", "agent", "0.1.0", t, e);
  }

  private static EventHeader header(Instant t) {
    return EventHeader.at(t, ZoneOffset.UTC);
  }

  private static ListeningPorts ports(Instant t, ListeningPorts.Port... ports) {
    return new ListeningPorts(header(t), List.of(ports));
  }

  private static ListeningPorts.Port port(String address, String port) {
    return new ListeningPorts.Port(null, null, address, port, "TCP", Map.of("Executable", "/usr/sbin/sshd"));
  }

  private static List<Recommendation> run(Recommender r, DeviceEvent e) {
    List<Recommendation> out = new ArrayList<>();
    r.evaluate(e, out::add);
    return out;
  }

  @Test
  void openPortsAreOneRecommendationThatFollowsTheSnapshotsAndResolves() {
    Recommender r = Recommender.inMemory();
    List<Recommendation> first = run(r, at(T, ports(T, port("0.0.0.0", "22"), port("127.0.0.1", "631"), port("::1", "25"))));
    assertThat(first).singleElement().satisfies(rec -> {
      assertThat(rec.name()).isEqualTo("IoT_OpenPorts");
      assertThat(rec.state()).isEqualTo(RecommendationState.ACTIVE);
      assertThat(rec.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(rec.description()).isEqualTo("1 port(s) listen on non-loopback addresses: tcp/22 on 0.0.0.0 (/usr/sbin/sshd).");
      assertThat(rec.discoveredTime()).isEqualTo(T);
    });
    // The same snapshot again changes nothing: no duplicate, no update.
    assertThat(run(r, at(T.plusSeconds(60), ports(T.plusSeconds(60), port("0.0.0.0", "22"))))).isEmpty();
    // A new port updates the same recommendation (same id, first discovery kept).
    List<Recommendation> changed = run(r, at(T.plusSeconds(120), ports(T.plusSeconds(120), port("0.0.0.0", "22"), port("::", "80"))));
    assertThat(changed).singleElement().satisfies(rec -> {
      assertThat(rec.recommendationId()).isEqualTo(first.get(0).recommendationId());
      assertThat(rec.discoveredTime()).isEqualTo(T);
      assertThat(rec.additionalData()).containsEntry("Count", "2");
    });
    // Only loopback listeners left: resolved at that snapshot's time.
    List<Recommendation> resolved = run(r, at(T.plusSeconds(180), ports(T.plusSeconds(180), port("127.0.0.1", "22"))));
    assertThat(resolved).singleElement().satisfies(rec -> {
      assertThat(rec.state()).isEqualTo(RecommendationState.RESOLVED);
      assertThat(rec.resolvedTime()).isEqualTo(T.plusSeconds(180));
      assertThat(rec.recommendationId()).isEqualTo(first.get(0).recommendationId());
    });
    assertThat(r.activeCount("gw-1")).isZero();
  }

  @Test
  void anOlderSnapshotArrivingLateIsIgnored() {
    Recommender r = Recommender.inMemory();
    run(r, at(T, ports(T, port("0.0.0.0", "22"))));
    assertThat(run(r, at(T.minusSeconds(60), ports(T.minusSeconds(60))))).isEmpty();
    assertThat(r.activeCount("gw-1")).isEqualTo(1);
  }

  private static FirewallConfiguration.Rule rule(Direction dir, String kind, String hook, FirewallConfiguration.Action action, String src,
      String dst, String dport, Map<String, String> more) {
    Map<String, String> d = new java.util.LinkedHashMap<>(Map.of("Kind", kind, "Backend", "nftables", "Family", "inet", "Table", "filter",
        "Raw", "raw text"));
    if (hook != null) {
      d.put("Hook", hook);
    }
    d.putAll(more);
    return new FirewallConfiguration.Rule(3L, dir, "input", "*", true, action, src, "*", dst, dport, "*", d);
  }

  @Test
  void firewallPolicyAndUnrestrictedRulesAreFlaggedButTheUsualSafeRulesAreNot() {
    Recommender r = Recommender.inMemory();
    FirewallConfiguration fw = new FirewallConfiguration(header(T), List.of(
        rule(Direction.IN, "Policy", "input", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of()),
        rule(Direction.IN, "Rule", "input", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of()),
        rule(Direction.IN, "Rule", "input", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of("State", "established,related")),
        rule(Direction.IN, "Rule", "input", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of("InInterface", "lo")),
        rule(Direction.IN, "Rule", "input", FirewallConfiguration.Action.ALLOW, "10.0.0.0/8", "*", "*", Map.of()),
        rule(Direction.IN, "Rule", "input", FirewallConfiguration.Action.ALLOW, "*", "*", "22", Map.of()),
        rule(Direction.IN, "Rule", "input", FirewallConfiguration.Action.DENY, "*", "*", "*", Map.of()),
        rule(Direction.OUT, "Rule", "output", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of()),
        rule(Direction.OUT, "Policy", "output", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of())));
    assertThat(run(r, at(T, fw))).extracting(Recommendation::name).containsExactlyInAnyOrder(
        "IoT_PermissiveFirewallPolicy", "IoT_PermissiveInputFirewallRules", "IoT_PermissiveOutputFirewallRules");
    // The input policy turned to drop, the rules unchanged: only the policy recommendation resolves.
    FirewallConfiguration fixed = new FirewallConfiguration(header(T.plusSeconds(60)), List.of(
        rule(Direction.IN, "Policy", "input", FirewallConfiguration.Action.DENY, "*", "*", "*", Map.of()),
        rule(Direction.IN, "Rule", "input", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of()),
        rule(Direction.OUT, "Rule", "output", FirewallConfiguration.Action.ALLOW, "*", "*", "*", Map.of())));
    assertThat(run(r, at(T.plusSeconds(60), fixed))).singleElement().satisfies(rec -> {
      assertThat(rec.name()).isEqualTo("IoT_PermissiveFirewallPolicy");
      assertThat(rec.state()).isEqualTo(RecommendationState.RESOLVED);
    });
  }

  private static OSBaseline.Check check(String id, OSBaseline.Result result, OSBaseline.CheckSeverity severity) {
    return new OSBaseline.Check("Ensure " + id, id, result, "", severity, Map.of());
  }

  @Test
  void baselineIsOneRecommendationPerFailedCheckAndAnEmptyBaselineResolvesNothing() {
    Recommender r = Recommender.inMemory();
    OSBaseline b = new OSBaseline(header(T), List.of(check("CIS-1.1", OSBaseline.Result.FAIL, OSBaseline.CheckSeverity.CRITICAL),
        check("CIS-1.2", OSBaseline.Result.PASS, OSBaseline.CheckSeverity.CRITICAL),
        check("CIS-5.2", OSBaseline.Result.FAIL, OSBaseline.CheckSeverity.INFORMATIONAL)));
    assertThat(run(r, at(T, b))).extracting(rec -> rec.additionalData().get("CceId") + " " + rec.severity().wireName())
        .containsExactlyInAnyOrder("CIS-1.1 High", "CIS-5.2 Low");
    assertThat(run(r, at(T.plusSeconds(60), new OSBaseline(header(T.plusSeconds(60)), List.of())))).isEmpty();
    OSBaseline later = new OSBaseline(header(T.plusSeconds(120)), List.of(check("CIS-1.1", OSBaseline.Result.PASS,
        OSBaseline.CheckSeverity.CRITICAL), check("CIS-5.2", OSBaseline.Result.FAIL, OSBaseline.CheckSeverity.INFORMATIONAL)));
    assertThat(run(r, at(T.plusSeconds(120), later))).singleElement()
        .satisfies(rec -> assertThat(rec.additionalData()).containsEntry("CceId", "CIS-1.1"))
        .satisfies(rec -> assertThat(rec.state()).isEqualTo(RecommendationState.RESOLVED));
  }

  @Test
  void whatTheStoreHoldsAsActiveIsResolvedByTheFirstSnapshotAfterARestart() {
    Recommender before = Recommender.inMemory();
    List<Recommendation> stored = run(before, at(T, ports(T, port("0.0.0.0", "22"))));
    Recommender after = new Recommender(id -> id.equals("gw-1") ? stored : List.of());
    assertThat(run(after, at(T.plusSeconds(60), ports(T.plusSeconds(60))))).singleElement().satisfies(rec -> {
      assertThat(rec.recommendationId()).isEqualTo(stored.get(0).recommendationId());
      assertThat(rec.state()).isEqualTo(RecommendationState.RESOLVED);
    });
  }

  @Test
  void otherEventsAreNotLookedAt() {
    Recommender r = new Recommender(id -> {
      throw new AssertionError("the store is read only for snapshots");
    });
    assertThat(run(r, at(T, new io.vigil.model.event.Heartbeat(header(T), List.of(new io.vigil.model.event.Heartbeat.Beat(1, Map.of()))))))
        .isEmpty();
  }

  private static DeviceEvent heartbeat(Instant t, String agentVersion) {
    return new DeviceEvent("gw-1", "default", "agent", agentVersion, t,
        new io.vigil.model.event.Heartbeat(header(t), List.of(new io.vigil.model.event.Heartbeat.Beat(1, Map.of()))));
  }

  @Test
  void anAgentOlderThanTheHubsIsOutdatedUntilItIsUpdated() {
    Recommender r = new Recommender(id -> List.of(), "0.3.0");
    assertThat(run(r, heartbeat(T, "0.2.9"))).singleElement().satisfies(rec -> {
      assertThat(rec.name()).isEqualTo("IoT_AgentOutdated");
      assertThat(rec.description()).isEqualTo("The agent reports version 0.2.9; the hub ships 0.3.0.");
    });
    assertThat(run(r, heartbeat(T.plusSeconds(60), "0.2.9"))).isEmpty();
    assertThat(run(r, heartbeat(T.plusSeconds(120), "0.3.0"))).singleElement()
        .satisfies(rec -> assertThat(rec.state()).isEqualTo(RecommendationState.RESOLVED));
  }

  @Test
  void versionsCompareByTheirNumbersAndAPreReleaseComesFirst() {
    assertThat(AgentVersion.parse("0.10.0")).isGreaterThan(AgentVersion.parse("0.9.9"));
    assertThat(AgentVersion.parse("1.0.0-SNAPSHOT")).isLessThan(AgentVersion.parse("1.0.0"));
    assertThat(AgentVersion.parse("1.0")).isEqualByComparingTo(AgentVersion.parse("1.0.0"));
    assertThat(AgentVersion.findings("custom-build", AgentVersion.parse("1.0.0"))).isEmpty();
    assertThat(AgentVersion.findings("1.1.0", AgentVersion.parse("1.0.0"))).isEmpty();
  }

  @Test
  void itKeepsAtMostMaxDevicesAndLoadsAForgottenOneFromTheStoreAgain() {
    List<String> loads = new ArrayList<>();
    Recommender r = new Recommender(id -> {
      loads.add(id);
      return List.of();
    }, null, id -> java.util.Optional.empty(), 2);
    for (String device : List.of("gw-1", "gw-2", "gw-1", "gw-3")) {
      r.evaluate(new DeviceEvent(device, "default", "agent", "0.1.0", T, ports(T, port("0.0.0.0", "22"))), rec -> {});
    }
    assertThat(r.tracked()).isEqualTo(2);
    assertThat(r.activeCount("gw-2")).as("used longest ago: forgotten").isZero();
    assertThat(r.activeCount("gw-1")).isEqualTo(1);
    r.evaluate(new DeviceEvent("gw-2", "default", "agent", "0.1.0", T, ports(T, port("0.0.0.0", "22"))), rec -> {});
    assertThat(loads).containsExactly("gw-1", "gw-2", "gw-3", "gw-2");
    assertThat(r.tracked()).isEqualTo(2);
  }

  @Test
  void maxDevicesBelowOneIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Recommender(id -> List.of(), null, id -> java.util.Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDevices must be at least 1, was 0");
  }
}
