package io.vigil.agent.collect.baseline;

import io.vigil.model.event.FirewallConfiguration.Action;
import io.vigil.model.event.FirewallConfiguration.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type {@code firewall_default_deny}: incoming traffic of {@code family} ({@code ipv4} or {@code
 * ipv6}) that no rule accepts is dropped. That holds when an input filter chain covering the family
 * (nftables {@code ip}/{@code ip6}/{@code inet} chains of type filter, or the iptables filter table)
 * has a drop policy, or ends with an unconditional drop or reject rule. A drop anywhere is final, so
 * one such chain is enough.
 *
 * <p>The ruleset comes from the {@code firewall} collector: the live one, or an image's saved rules.
 */
record FirewallProbe(String family) implements Probe {
  static FirewallProbe from(Params p) throws PolicyException {
    String family = p.string("family");
    if (!family.equals("ipv4") && !family.equals("ipv6")) {
      throw new PolicyException("params.family '" + family + "' is not one of ipv4, ipv6");
    }
    return new FirewallProbe(family);
  }

  @Override
  public Verdict evaluate(Host host) {
    FirewallView view = host.firewall();
    if (view.unavailable() != null) {
      // Nothing there at all is a finding; tools that exist but fail (no privilege) leave the answer open.
      return view.unavailable().contains("no saved rules under") ? Verdict.fail("no firewall ruleset: " + view.unavailable())
          : Verdict.error("cannot read the firewall ruleset: " + view.unavailable());
    }
    Set<String> families = family.equals("ipv4") ? Set.of("ip", "inet") : Set.of("ip6", "inet");
    List<String> accepting = new ArrayList<>();
    List<Rule> items = view.items();
    for (int i = 0; i < items.size(); i++) {
      Map<String, String> d = items.get(i).extraDetails();
      if (!"Policy".equals(d.get("Kind")) || !"input".equals(d.get("Hook")) || !families.contains(d.get("Family"))
          || !isFilter(d)) {
        continue;
      }
      if (items.get(i).action() == Action.DENY || (i > 0 && dropsAll(items.get(i - 1), items.get(i)))) {
        return Verdict.pass();
      }
      accepting.add(d.get("Backend") + " " + d.get("Family") + " " + d.get("Table") + " " + items.get(i).chainName());
    }
    if (!accepting.isEmpty()) {
      return Verdict.fail("the input policy accepts what no rule matched in " + String.join(", ", accepting) + "; expected drop");
    }
    boolean unparsed = items.stream().anyMatch(r -> "Unparsed".equals(r.extraDetails().get("Kind")));
    if (unparsed) {
      return Verdict.error("cannot tell: " + items.stream().filter(r -> "Unparsed".equals(r.extraDetails().get("Kind")))
          .map(r -> r.extraDetails().get("Error")).findFirst().orElse(""));
    }
    return Verdict.fail("no input filter chain covers " + (family.equals("ipv4") ? "IPv4" : "IPv6") + " traffic ("
        + (items.isEmpty() ? "the ruleset is empty" : items.size() + " rules and policies in other chains") + ")");
  }

  private static boolean isFilter(Map<String, String> d) {
    return "iptables".equals(d.get("Backend")) ? "filter".equals(d.get("Table")) : "filter".equals(d.get("ChainType"));
  }

  /** True if {@code last}, the last rule of {@code policy}'s chain, denies everything. */
  private static boolean dropsAll(Rule last, Rule policy) {
    Map<String, String> d = last.extraDetails();
    return "Rule".equals(d.get("Kind")) && last.chainName().equals(policy.chainName())
        && d.get("Table").equals(policy.extraDetails().get("Table")) && last.action() == Action.DENY
        && "*".equals(last.sourceAddress()) && "*".equals(last.destinationAddress()) && "*".equals(last.protocol())
        && "*".equals(last.sourcePort()) && "*".equals(last.destinationPort()) && !d.containsKey("InInterface")
        && !d.containsKey("State") && !d.containsKey("OtherMatches");
  }
}
