package io.vigil.detect.recommend;

import io.vigil.model.Severity;
import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.SecurityEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What each posture snapshot says should be fixed: pure functions from a snapshot to findings. */
final class PostureChecks {
  /** The firewall collector's "any" for an address or port. */
  private static final String ANY = "*";

  private PostureChecks() {}

  /** The findings of {@code snapshot}; empty for events that are not posture snapshots. */
  static List<Finding> findings(SecurityEvent snapshot) {
    return switch (snapshot) {
      case ListeningPorts p -> openPorts(p);
      case FirewallConfiguration f -> firewall(f);
      case OSBaseline b -> baseline(b);
      default -> List.of();
    };
  }

  /** One finding per device listing every port that listens on a non-loopback address. */
  static List<Finding> openPorts(ListeningPorts snapshot) {
    TreeSet<String> open = new TreeSet<>();
    for (ListeningPorts.Port p : snapshot.payload()) {
      if (!isLoopback(p.localAddress())) {
        open.add(p.protocol().toLowerCase(java.util.Locale.ROOT) + "/" + p.localPort()
            + (p.localAddress() == null ? "" : " on " + p.localAddress())
            + (p.extraDetails().containsKey("Executable") ? " (" + p.extraDetails().get("Executable") + ")" : ""));
      }
    }
    if (open.isEmpty()) {
      return List.of();
    }
    String ports = String.join(", ", open);
    return List.of(new Finding(RecommendationKind.OPEN_PORTS, "ports", Severity.MEDIUM,
        open.size() + " port(s) listen on non-loopback addresses: " + ports + ".", Map.of("Ports", ports, "Count", Integer.toString(open.size()))));
  }

  /** Whether a listening address is reachable only from this host; null or a wildcard is not. */
  static boolean isLoopback(String address) {
    if (address == null) {
      return false;
    }
    String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    return a.startsWith("127.") || a.equals("::1") || a.equals("localhost") || a.startsWith("::ffff:127.");
  }

  static List<Finding> firewall(FirewallConfiguration snapshot) {
    List<Finding> out = new ArrayList<>();
    for (FirewallConfiguration.Rule r : snapshot.payload()) {
      Map<String, String> d = r.extraDetails();
      String chain = String.join("/", nonNull(d.get("Backend")), nonNull(d.get("Family")), nonNull(d.get("Table")), nonNull(r.chainName()));
      boolean allows = r.enabled() && r.action() == FirewallConfiguration.Action.ALLOW;
      String kind = d.getOrDefault("Kind", "");
      String hook = d.get("Hook");
      if (allows && kind.equals("Policy") && ("input".equals(hook) || "forward".equals(hook))) {
        out.add(new Finding(RecommendationKind.PERMISSIVE_FIREWALL_POLICY, chain, Severity.MEDIUM,
            "The " + hook + " chain " + chain + " accepts everything its rules do not match (default policy accept).",
            evidence(chain, d)));
      } else if (allows && kind.equals("Rule") && isUnrestricted(r, d)) {
        boolean in = r.direction() == Direction.IN;
        String subject = chain + "#" + r.priority();
        out.add(new Finding(in ? RecommendationKind.PERMISSIVE_INPUT_RULES : RecommendationKind.PERMISSIVE_OUTPUT_RULES, subject,
            Severity.MEDIUM, "Rule " + r.priority() + " of chain " + chain + " accepts " + (in ? "from any source" : "to any destination")
                + " on any port: " + d.getOrDefault("Raw", "") + ".", evidence(chain, d)));
      }
    }
    return out;
  }

  /**
   * An accepting rule that opens the chain to any peer on any port, without conntrack state or an
   * interface that would narrow it (the usual "established, related" and loopback rules are fine).
   */
  private static boolean isUnrestricted(FirewallConfiguration.Rule r, Map<String, String> d) {
    if (d.containsKey("State") || d.containsKey("OtherMatches") || d.containsKey("Jump")) {
      return false;
    }
    return switch (r.direction()) {
      case IN -> ANY.equals(r.sourceAddress()) && ANY.equals(r.destinationPort()) && !d.containsKey("InInterface");
      case OUT -> ANY.equals(r.destinationAddress()) && ANY.equals(r.destinationPort()) && !d.containsKey("OutInterface");
      case null -> false;
    };
  }

  private static Map<String, String> evidence(String chain, Map<String, String> d) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("Chain", chain);
    if (d.containsKey("Raw")) {
      out.put("Rule", d.get("Raw"));
    }
    if (d.containsKey("Source")) {
      out.put("Source", d.get("Source"));
    }
    return out;
  }

  /** One finding per failed check. */
  static List<Finding> baseline(OSBaseline snapshot) {
    List<Finding> out = new ArrayList<>();
    for (OSBaseline.Check c : snapshot.payload()) {
      if (c.result() == OSBaseline.Result.FAIL) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("CceId", c.cceId());
        data.put("CheckSeverity", c.severity().wireName());
        if (!c.error().isEmpty()) {
          data.put("Error", c.error());
        }
        out.add(new Finding(RecommendationKind.BASELINE, c.cceId(), severity(c.severity()),
            "Baseline check " + c.cceId() + " failed: " + c.description() + (c.error().isEmpty() ? "" : " (" + c.error() + ")") + ".", data));
      }
    }
    return out;
  }

  private static Severity severity(OSBaseline.CheckSeverity s) {
    return switch (s) {
      case CRITICAL -> Severity.HIGH;
      case IMPORTANT, WARNING -> Severity.MEDIUM;
      case INFORMATIONAL -> Severity.LOW;
    };
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
