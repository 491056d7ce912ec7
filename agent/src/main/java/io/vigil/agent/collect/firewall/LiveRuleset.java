package io.vigil.agent.collect.firewall;

import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.FirewallConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the running system's ruleset through {@code nft -j list ruleset}, {@code iptables-save} and
 * {@code ip6tables-save}, and merges what they show.
 *
 * <p>A table written by iptables-nft appears in both nft and iptables-save output: it is taken from
 * iptables-save when nft shows it with {@code xt} (compatibility) expressions it cannot render, and
 * from nft otherwise. Tables of iptables-legacy live apart from nftables and are always kept.
 */
final class LiveRuleset {
  private final CommandRunner runner;

  LiveRuleset(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * The merged items, or null when none of the tools is installed.
   *
   * @param problems receives what went wrong in a source while another worked, and malformed lines
   * @throws CollectorUnavailableException if tools are installed but none of them worked, with each reason
   */
  List<FirewallConfiguration.Rule> read(List<String> problems) throws CollectorUnavailableException {
    Optional<String> nft = runner.locate("nft");
    Optional<String> ipt = runner.locate("iptables-save");
    Optional<String> ip6t = runner.locate("ip6tables-save");
    if (nft.isEmpty() && ipt.isEmpty() && ip6t.isEmpty()) {
      return null;
    }
    List<String> failures = new ArrayList<>();
    Ruleset nftRules = null;
    if (nft.isPresent()) {
      String out = run(List.of(nft.get(), "-j", "list", "ruleset"), FirewallCollector.NFT_COMMAND, failures);
      if (out != null && out.isBlank()) {
        nftRules = new Ruleset(List.of(), Set.of(), List.of()); // nothing loaded prints nothing
      } else if (out != null) {
        try {
          nftRules = new NftJsonParser(FirewallCollector.NFT_COMMAND).parse(out);
        } catch (FirewallParseException e) {
          failures.add(e.getMessage());
        }
      }
    }
    List<Ruleset> saved = new ArrayList<>();
    List<Boolean> nfTables = new ArrayList<>();
    for (var tool : List.of(new Tool(ipt, "iptables-save", "ip"), new Tool(ip6t, "ip6tables-save", "ip6"))) {
      if (tool.path().isPresent()) {
        String out = run(List.of(tool.path().get()), tool.name(), failures);
        if (out != null) {
          IptablesSaveParser parser = new IptablesSaveParser(tool.name(), tool.family());
          saved.add(parser.parse(out));
          nfTables.add(parser.isNfTables());
        }
      }
    }
    if (nftRules == null && saved.isEmpty()) {
      throw new CollectorUnavailableException(String.join("; ", failures));
    }
    problems.addAll(failures);
    return merge(nftRules, saved, nfTables, problems);
  }

  private record Tool(Optional<String> path, String name, String family) {}

  private static List<FirewallConfiguration.Rule> merge(Ruleset nft, List<Ruleset> saved, List<Boolean> nfTables,
      List<String> problems) {
    Set<String> iptablesNftTables = new HashSet<>();
    for (int i = 0; i < saved.size(); i++) {
      if (nfTables.get(i)) {
        saved.get(i).chains().forEach(c -> iptablesNftTables.add(c.tableKey()));
      }
    }
    Set<String> nftTables = new HashSet<>();
    List<Ruleset.Chain> chains = new ArrayList<>();
    if (nft != null) {
      problems.addAll(nft.problems());
      for (Ruleset.Chain c : nft.chains()) {
        nftTables.add(c.tableKey());
        if (!(nft.compatTables().contains(c.tableKey()) && iptablesNftTables.contains(c.tableKey()))) {
          chains.add(c);
        }
      }
    }
    for (int i = 0; i < saved.size(); i++) {
      Ruleset rules = saved.get(i);
      problems.addAll(rules.problems());
      for (Ruleset.Chain c : rules.chains()) {
        boolean shownByNft = nfTables.get(i) && nftTables.contains(c.tableKey()) && !nft.compatTables().contains(c.tableKey());
        if (!shownByNft) {
          chains.add(c);
        }
      }
    }
    return new Ruleset(chains, Set.of(), List.of()).items();
  }

  /** The command's standard output, or null after adding why it failed to {@code failures}. */
  private String run(List<String> command, String shown, List<String> failures) {
    try {
      CommandRunner.Output out = runner.run(command);
      if (out.exitCode() != 0) {
        failures.add("'" + shown + "' exited with " + out.exitCode() + ": " + firstLine(out.stderr()));
        return null;
      }
      return out.stdout();
    } catch (IOException e) {
      failures.add("cannot run '" + shown + "': " + e.getMessage());
      return null;
    }
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return t.isEmpty() ? "(no message)" : nl < 0 ? t : t.substring(0, nl);
  }
}
