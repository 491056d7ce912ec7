package io.vigil.detect.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskScoreTest {
  @Test
  void aCleanDeviceScoresZeroWithNothingToExplain() {
    RiskScore r = RiskScore.of(Map.of(), Map.of());
    assertThat(r.score()).isZero();
    assertThat(r.contributions()).isEmpty();
  }

  @Test
  void theScoreIsTheSumOfCappedContributionsLargestFirst() {
    RiskScore r = RiskScore.of(Map.of(Severity.HIGH, 1L, Severity.LOW, 2L), Map.of(
        "IoT_Baseline", Map.of(Severity.HIGH, 2L, Severity.LOW, 3L),
        "IoT_OpenPorts", Map.of(Severity.MEDIUM, 1L),
        "IoT_PermissiveInputFirewallRules", Map.of(Severity.MEDIUM, 5L),
        "IoT_SymmetricKeyAuthentication", Map.of(Severity.LOW, 1L)));
    assertThat(r.contributions()).extracting(c -> c.factor() + "=" + c.points() + " (" + c.detail() + ")").containsExactly(
        "Open alerts=31 (1 High, 2 Low open alert(s))",
        "Exposure: permissive firewall rules=12 (5 rule(s))",
        "Failing baseline checks=11 (2 High, 3 Low failed check(s))",
        "Exposure: IoT_OpenPorts=8 (1 active)",
        "Weak auth: IoT_SymmetricKeyAuthentication=3 (SAS keys instead of X.509)");
    assertThat(r.score()).isEqualTo(31 + 11 + 12 + 8 + 3);
  }

  @Test
  void theScoreNeverPassesOneHundred() {
    RiskScore r = RiskScore.of(Map.of(Severity.HIGH, 10L), Map.of("IoT_Baseline", Map.of(Severity.HIGH, 50L),
        "IoT_SharedCredentials", Map.of(Severity.HIGH, 1L), "IoT_OpenPorts", Map.of(Severity.MEDIUM, 1L)));
    assertThat(r.contributions()).extracting(RiskScore.Contribution::points).containsExactly(60, 20, 15, 8);
    assertThat(r.score()).isEqualTo(100);
  }

  @Test
  void anomalyAlertsAreTheirOwnFactor() {
    RiskScore r = RiskScore.of(Map.of(), 4, Map.of());
    assertThat(r.contributions()).extracting(c -> c.factor() + "=" + c.points() + " (" + c.detail() + ")")
        .containsExactly("Anomalous behaviour=15 (4 open anomaly alert(s))");
  }
}
