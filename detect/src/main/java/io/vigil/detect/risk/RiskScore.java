package io.vigil.detect.risk;

import io.vigil.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A device's risk, 0 (nothing known against it) to 100, as the sum of documented contributions,
 * each capped, so that the score explains itself:
 *
 * <table>
 *   <tr><th>factor</th><th>points</th><th>cap</th></tr>
 *   <tr><td>open alerts (not Resolved or Dismissed), anomaly alerts apart</td><td>High 25, Medium 10, Low 3, Informational 0 each</td><td>60</td></tr>
 *   <tr><td>anomalous behaviour: open {@code IoT_Anomalous*} alerts</td><td>5 each</td><td>15</td></tr>
 *   <tr><td>failing posture: IoT_Baseline</td><td>High 4, Medium 2, Low 1 each</td><td>20</td></tr>
 *   <tr><td>exposure: IoT_OpenPorts, IoT_PermissiveFirewallPolicy</td><td>8 each</td><td>-</td></tr>
 *   <tr><td>exposure: IoT_PermissiveInputFirewallRules, IoT_PermissiveOutputFirewallRules</td><td>4 each</td><td>12</td></tr>
 *   <tr><td>weak auth: IoT_SharedCredentials 15, IoT_SymmetricKeyAuthentication 3</td><td></td><td>-</td></tr>
 *   <tr><td>hygiene: IoT_AgentOutdated</td><td>3</td><td>-</td></tr>
 * </table>
 *
 * <p>The total is capped at 100.
 *
 * @param contributions each factor that added points, largest first
 */
public record RiskScore(int score, List<Contribution> contributions) {
  /** One factor's share of the score. */
  public record Contribution(String factor, int points, String detail) {}

  public RiskScore {
    contributions = List.copyOf(contributions);
  }

  /**
   * @param openAlerts the device's alerts that are neither Resolved nor Dismissed, counted by severity
   * @param recommendations the device's Active recommendations, counted by name and then severity
   */
  public static RiskScore of(Map<Severity, Long> openAlerts, Map<String, Map<Severity, Long>> recommendations) {
    return of(openAlerts, 0, recommendations);
  }

  /**
   * @param openAlerts the device's open alerts other than anomaly alerts, counted by severity
   * @param openAnomalies the device's open anomaly alerts ({@code IoT_Anomalous*}): its behaviour left its learned profile
   * @param recommendations the device's Active recommendations, counted by name and then severity
   */
  public static RiskScore of(Map<Severity, Long> openAlerts, long openAnomalies, Map<String, Map<Severity, Long>> recommendations) {
    List<Contribution> out = new ArrayList<>();
    add(out, "Anomalous behaviour", openAnomalies * 5, 15, openAnomalies + " open anomaly alert(s)");
    long alerts = openAlerts.getOrDefault(Severity.HIGH, 0L) * 25 + openAlerts.getOrDefault(Severity.MEDIUM, 0L) * 10
        + openAlerts.getOrDefault(Severity.LOW, 0L) * 3;
    add(out, "Open alerts", alerts, 60, describe(openAlerts) + " open alert(s)");
    Map<Severity, Long> baseline = recommendations.getOrDefault("IoT_Baseline", Map.of());
    long posture = baseline.getOrDefault(Severity.HIGH, 0L) * 4 + baseline.getOrDefault(Severity.MEDIUM, 0L) * 2
        + baseline.getOrDefault(Severity.LOW, 0L);
    add(out, "Failing baseline checks", posture, 20, describe(baseline) + " failed check(s)");
    for (String name : List.of("IoT_OpenPorts", "IoT_PermissiveFirewallPolicy")) {
      long n = total(recommendations.get(name));
      add(out, "Exposure: " + name, n * 8, Long.MAX_VALUE, n + " active");
    }
    long rules = total(recommendations.get("IoT_PermissiveInputFirewallRules")) + total(recommendations.get("IoT_PermissiveOutputFirewallRules"));
    add(out, "Exposure: permissive firewall rules", rules * 4, 12, rules + " rule(s)");
    add(out, "Weak auth: IoT_SharedCredentials", total(recommendations.get("IoT_SharedCredentials")) > 0 ? 15 : 0, 15, "shared secret");
    add(out, "Weak auth: IoT_SymmetricKeyAuthentication", total(recommendations.get("IoT_SymmetricKeyAuthentication")) > 0 ? 3 : 0, 3,
        "SAS keys instead of X.509");
    add(out, "Hygiene: IoT_AgentOutdated", total(recommendations.get("IoT_AgentOutdated")) > 0 ? 3 : 0, 3, "outdated agent");
    out.sort((a, b) -> Integer.compare(b.points(), a.points()));
    int sum = out.stream().mapToInt(Contribution::points).sum();
    return new RiskScore(Math.min(100, sum), out);
  }

  private static void add(List<Contribution> out, String factor, long points, long cap, String detail) {
    if (points > 0) {
      out.add(new Contribution(factor, (int) Math.min(points, cap), detail));
    }
  }

  private static long total(Map<Severity, Long> bySeverity) {
    return bySeverity == null ? 0 : bySeverity.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String describe(Map<Severity, Long> bySeverity) {
    StringBuilder s = new StringBuilder();
    for (Severity sev : Severity.values()) {
      long n = bySeverity.getOrDefault(sev, 0L);
      if (n > 0) {
        s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(sev.wireName());
      }
    }
    return s.toString();
  }
}
