package io.vigil.agent.collect.firewall;

import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chain as a parser found it: where it lives and, for a base chain, its hook and default policy.
 *
 * @param backend {@code nftables} or {@code iptables}
 * @param family {@code ip}, {@code ip6}, {@code inet}, ... (iptables-save is {@code ip}, ip6tables-save {@code ip6})
 * @param hook the netfilter hook of a base chain ({@code input}, {@code forward}, ...); null for a regular chain
 * @param type the nftables chain type ({@code filter}, {@code nat}, {@code route}); null when unknown
 * @param priority the nftables base-chain priority as written; null when none
 * @param policy the default verdict of a base chain, lower case ({@code accept}, {@code drop}); null for a regular chain
 * @param raw how the chain's head reads in the source, for the policy item
 * @param source where the chain came from: a command line or a file path
 */
record ChainInfo(
    String backend, String family, String table, String name, String hook, String type, String priority, String policy,
    String raw, String source) {

  /** Rule direction from the hook: input is In, output is Out, every other hook (forward, prerouting ...) none. */
  Direction direction() {
    if ("input".equals(hook)) {
      return Direction.IN;
    }
    return "output".equals(hook) ? Direction.OUT : null;
  }

  boolean isBase() {
    return hook != null;
  }

  /** The ExtraDetails every item of this chain carries. */
  Map<String, String> details(String kind) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Kind", kind);
    details.put("Backend", backend);
    details.put("Family", family);
    details.put("Table", table);
    details.put("Source", source);
    if (hook != null) {
      details.put("Hook", hook);
    }
    if (type != null) {
      details.put("ChainType", type);
    }
    if (priority != null) {
      details.put("ChainPriority", priority);
    }
    return details;
  }

  /** The item for this base chain's default policy, evaluated after its {@code ruleCount} rules. */
  FirewallConfiguration.Rule policyItem(long ruleCount) {
    String verdict = policy == null ? "accept" : policy;
    Map<String, String> details = details("Policy");
    details.put("Verdict", verdict);
    details.put("Raw", RuleFields.truncate(raw));
    return new FirewallConfiguration.Rule(ruleCount, direction(), name, RuleFields.ANY, true, RuleFields.action(verdict),
        RuleFields.ANY, RuleFields.ANY, RuleFields.ANY, RuleFields.ANY, RuleFields.ANY, details);
  }
}
