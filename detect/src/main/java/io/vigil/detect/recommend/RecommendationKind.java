package io.vigil.detect.recommend;

/**
 * The posture recommendations, by the snapshot each comes from. The names are the retired product's
 * public recommendation types, so that migrating users' queries keep working.
 */
enum RecommendationKind {
  OPEN_PORTS("IoT_OpenPorts", "Open ports on the device", Source.LISTENING_PORTS,
      "Close the ports that need not listen on a non-loopback address, or restrict them to the interfaces and peers that need"
          + " them (bind to 127.0.0.1, or filter them in the firewall)."),
  PERMISSIVE_FIREWALL_POLICY("IoT_PermissiveFirewallPolicy", "Permissive firewall policy found", Source.FIREWALL,
      "Set the chain's default policy to DROP (nft: 'policy drop;', iptables: '-P INPUT DROP') and allow only the traffic the"
          + " device needs with explicit rules."),
  PERMISSIVE_INPUT_RULES("IoT_PermissiveInputFirewallRules", "Permissive firewall rule in the input chain", Source.FIREWALL,
      "Narrow the rule to the source addresses and ports the device needs to accept, or remove it."),
  PERMISSIVE_OUTPUT_RULES("IoT_PermissiveOutputFirewallRules", "Permissive firewall rule in the output chain",
      Source.FIREWALL, "Narrow the rule to the destination addresses and ports the device needs to reach, or remove it."),
  BASELINE("IoT_Baseline", "Operating system baseline check failed", Source.BASELINE,
      "Apply the check's remediation (see the check id in the CIS benchmark for the distribution), then let the next baseline"
          + " snapshot confirm it."),
  AGENT_OUTDATED("IoT_AgentOutdated", "The device runs an outdated Vigil agent", Source.AGENT,
      "Update the agent to the hub's version (install the new vigil-agent package or distribution and restart the service)."),
  SHARED_CREDENTIALS("IoT_SharedCredentials", "Several devices share the same credentials", Source.REGISTRY,
      "Give every device its own credentials: rotate the shared key (vigil device rotate-key ID) or register each device's own"
          + " certificate, so that one leaked secret cannot impersonate the others."),
  INSTALL_AGENT("IoT_InstallAgent", "Install the Vigil agent on the device", Source.REGISTRY,
      "Install the Vigil agent (the vigil-agent package or distribution) or send your own security events with the SDK, so that"
          + " the device's processes, connections, logins and posture are watched, not only its messages."),
  IP_FILTER_DENY_ALL("IoT_IPFilter_DenyAll", "The IP filter's default is not deny", Source.IP_FILTER,
      "Set the filter's defaultAction to deny and allow the networks your devices connect from (vigil settings set, or PUT"
          + " /api/v1/settings), so that a leaked credential is useless from anywhere else."),
  IP_FILTER_PERMISSIVE_RULE("IoT_IPFilter_PermissiveRule", "An IP filter rule allows a very large range", Source.IP_FILTER,
      "Narrow the rule to the networks the devices really connect from (an IPv4 /16 or an IPv6 /48 at most)."),
  AGENT_UNUTILIZED_MESSAGES("IoT_AgentSendsUnutilizedMessages", "The agent sends many small security messages", Source.MESSAGES,
      "Let the agent batch its events: lengthen CollectorsCore_PriorityIntervals (for example 'PT30S,PT10M,PT1H'), give chatty"
          + " collectors a lower priority (<Collector>_MessageFrequency: Medium or Low) and keep aggregation on"
          + " (Process_Aggregation_Enabled, Network_Aggregation_Enabled), in the device twin's desired properties."),
  TWIN_CONFIGURATION_NOT_OPTIMAL("IoT_TwinConfigurationNotOptimal", "The agent's twin configuration is not optimal",
      Source.TWIN_SETTINGS, "Change the desired property named in the recommendation (vigil device twin ID --set KEY=VALUE, or PATCH"
          + " /api/v1/devices/ID/twin) to the value it suggests, or remove it to get the agent's default."),
  TWIN_CONFIGURATION_CONFLICT("IoT_TwinConfigurationConflict", "The agent could not apply its twin configuration",
      Source.TWIN_APPLIED, "Fix or remove the desired property named in the recommendation (its error is in the description and"
          + " in the twin's reported latest_errors); the agent keeps its previous value for it until then."),
  SYMMETRIC_KEY_AUTH("IoT_SymmetricKeyAuthentication", "The device authenticates with a symmetric key", Source.REGISTRY,
      "Use an X.509 certificate whose private key stays on the device (vigil device create ID --auth x509, or a certificate from"
          + " a CA registered with vigil ca add), and retire the symmetric keys.");

  /** What shows whether a recommendation holds, and so can resolve it. */
  enum Source {
    LISTENING_PORTS,
    FIREWALL,
    BASELINE,
    /** The agent version each heartbeat message carries. */
    AGENT,
    /** The device registry's credentials, checked periodically across devices. */
    REGISTRY,
    /** The hub's IP filter settings, global and per security group. */
    IP_FILTER,
    /** The security messages a device sent in a window: how many, and how many events they held. */
    MESSAGES,
    /** The agent configuration in the device's twin (reported when the agent applied it, else desired). */
    TWIN_SETTINGS,
    /** Whether the agent applied the desired configuration it acknowledged. */
    TWIN_APPLIED
  }

  private final String alertName;
  private final String displayName;
  private final Source source;
  private final String remediation;

  RecommendationKind(String alertName, String displayName, Source source, String remediation) {
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

  /** What shows whether it holds; a later look at the same source can resolve it. */
  Source source() {
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
