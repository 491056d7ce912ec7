package io.vigil.agent.collect.firewall;

import io.vigil.model.event.FirewallConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a parser read from one source: its chains in order, the tables that nftables shows with
 * iptables-nft compatibility expressions it cannot render, and the problems met on the way.
 *
 * @param compatTables {@code "family table"} of each table holding {@code xt} expressions (nft -j only)
 * @param problems malformed records that were skipped, each saying where and why
 */
record Ruleset(List<Chain> chains, Set<String> compatTables, List<String> problems) {
  Ruleset {
    chains = List.copyOf(chains);
    compatTables = Set.copyOf(compatTables);
    problems = List.copyOf(problems);
  }

  /** One chain and its rules, in evaluation order. */
  record Chain(ChainInfo info, List<FirewallConfiguration.Rule> rules) {
    Chain {
      rules = List.copyOf(rules);
    }

    String tableKey() {
      return info.family() + " " + info.table();
    }
  }

  /** The payload items: each chain's rules in order, then its policy item if it is a base chain. */
  List<FirewallConfiguration.Rule> items() {
    List<FirewallConfiguration.Rule> items = new ArrayList<>();
    for (Chain chain : chains) {
      items.addAll(chain.rules());
      if (chain.info().isBase()) {
        items.add(chain.info().policyItem(chain.rules().size()));
      }
    }
    return items;
  }
}
