package io.vigil.detect.recommend;

import io.vigil.model.event.EventKind;

/**
 * The posture recommendations, by the snapshot each comes from. The names are the retired product's
 * public recommendation types, so that migrating users' queries keep working.
 */
enum RecommendationKind {
  OPEN_PORTS("IoT_OpenPorts", "Open ports on the device", EventKind.LISTENING_PORTS,
      "Close the ports that need not listen on a non-loopback address, or restrict them to the interfaces and peers that need"
          + " them (bind to 127.0.0.1, or filter them in the firewall)."),
  PERMISSIVE_FIREWALL_POLICY("IoT_PermissiveFirewallPolicy", "Permissive firewall policy found", EventKind.FIREWALL_CONFIGURATION,
      "Set the chain's default policy to DROP (nft: 'policy drop;', iptables: '-P INPUT DROP') and allow only the traffic the"
          + " device needs with explicit rules."),
  PERMISSIVE_INPUT_RULES("IoT_PermissiveInputFirewallRules", "Permissive firewall rule in the input chain", EventKind.FIREWALL_CONFIGURATION,
      "Narrow the rule to the source addresses and ports the device needs to accept, or remove it."),
  PERMISSIVE_OUTPUT_RULES("IoT_PermissiveOutputFirewallRules", "Permissive firewall rule in the output chain",
      EventKind.FIREWALL_CONFIGURATION, "Narrow the rule to the destination addresses and ports the device needs to reach, or remove it."),
  BASELINE("IoT_Baseline", "Operating system baseline check failed", EventKind.OS_BASELINE,
      "Apply the check's remediation (see the check id in the CIS benchmark for the distribution), then let the next baseline"
          + " snapshot confirm it.");

  private final String alertName;
  private final String displayName;
  private final EventKind source;
  private final String remediation;

  RecommendationKind(String alertName, String displayName, EventKind source, String remediation) {
    this.alertName = alertName;
    this.displayName = displayName;
    this.source = source;
    this.remediation = remediation;
  }

  /** The stable name, for example {@code IoT_OpenPorts}. */
  String recommendationName() {
    return alertName;
  }

  String displayName() {
    return displayName;
  }

  /** The snapshot that shows whether it holds; a later snapshot of this kind can resolve it. */
  EventKind source() {
    return source;
  }

  String remediation() {
    return remediation;
  }

  /** The kind named {@code name}; empty for names this version does not make. */
  static java.util.Optional<RecommendationKind> byName(String name) {
    for (RecommendationKind k : values()) {
      if (k.alertName.equals(name)) {
        return java.util.Optional.of(k);
      }
    }
    return java.util.Optional.empty();
  }
}
