package io.vigil.agent.collect.firewall;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code firewall} collector (periodic): the chains, default policies and rules of nftables and
 * iptables, normalized into one {@link FirewallConfiguration} event.
 *
 * <p>On the live root it runs {@code nft -j list ruleset}, {@code iptables-save} and {@code
 * ip6tables-save}, whichever are installed. On another root (a mounted firmware image) it reads the
 * saved rules instead: {@code etc/nftables.conf} (nft syntax, when simple enough; otherwise one item
 * of Kind {@code Unparsed}), and {@code etc/iptables/rules.v4}, {@code rules.v6}, {@code
 * etc/sysconfig/iptables} and {@code ip6tables} (iptables-save format). The live root falls back to
 * the saved rules when no tool is installed.
 *
 * <p>Each rule is one item, in order, its priority the index within its chain (from 0); each base
 * chain adds one item of Kind {@code Policy} for its default verdict, with priority the chain's rule
 * count. Direction is In for the input hook, Out for output, and null for every other hook (forward,
 * prerouting ...) and for regular chains. See {@link RuleFields} for the normal form of the fields
 * and {@link ChainInfo} for the ExtraDetails.
 *
 * <p>A table that iptables-nft wrote shows in both nft and iptables-save. nft cannot render its
 * iptables extensions (it shows {@code xt} expressions), so such a table is taken from iptables-save;
 * a table that nft renders natively is taken from nft, because iptables-save's view of it is lossy.
 *
 * <p>Running the tools needs root (CAP_NET_ADMIN); without it the collector is unavailable, saying so.
 */
public final class FirewallCollector implements Collector {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String NFT_COMMAND = "nft -j list ruleset";
  private static final List<String> SAVED =
      List.of("/etc/nftables.conf", "/etc/iptables/rules.v4", "/etc/iptables/rules.v6", "/etc/sysconfig/iptables",
          "/etc/sysconfig/ip6tables");

  private final CollectorContext ctx;
  private final CommandRunner runner;
  private List<String> problems = List.of();

  public FirewallCollector(CollectorContext ctx) {
    this(ctx, CommandRunner.system(TIMEOUT));
  }

  FirewallCollector(CollectorContext ctx, CommandRunner runner) {
    this.ctx = ctx;
    this.runner = runner;
  }

  @Override
  public String name() {
    return "firewall";
  }

  /**
   * The problems the last {@link #collect()} met without failing: malformed lines it skipped, a tool
   * that failed while another worked. Each names its source and line.
   */
  public List<String> problems() {
    return problems;
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    List<String> found = new ArrayList<>();
    List<FirewallConfiguration.Rule> items = null;
    if (ctx.isLiveRoot()) {
      LiveRuleset live = new LiveRuleset(runner);
      items = live.read(found);
    }
    if (items == null) {
      items = saved(found);
    }
    problems = List.copyOf(found);
    return List.of(new FirewallConfiguration(ctx.header(), items));
  }

  /** The saved rules under the root; throws when there are none at all. */
  private List<FirewallConfiguration.Rule> saved(List<String> found) throws CollectorUnavailableException {
    List<FirewallConfiguration.Rule> items = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    boolean any = false;
    for (String name : SAVED) {
      Path file = ctx.path(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        failures.add("cannot read " + file + ": " + e.getMessage());
        continue;
      }
      any = true;
      if (name.endsWith("nftables.conf")) {
        try {
          items.addAll(new NftTextParser(name, text).parse().items());
        } catch (FirewallParseException e) {
          items.add(unparsed(name, text, e.getMessage()));
        }
      } else {
        Ruleset rules = new IptablesSaveParser(name, name.endsWith("6") || name.endsWith("ip6tables") ? "ip6" : "ip").parse(text);
        items.addAll(rules.items());
        found.addAll(rules.problems());
      }
    }
    if (!any) {
      String where = ctx.path("/etc").toString();
      String reason = failures.isEmpty() ? "no saved rules under " + where : String.join("; ", failures);
      throw new CollectorUnavailableException(ctx.isLiveRoot()
          ? "no nft or iptables-save on PATH and " + reason
          : reason + " (looked for nftables.conf, iptables/rules.v4, iptables/rules.v6, sysconfig/iptables, "
              + "sysconfig/ip6tables); the live ruleset exists only on a running system");
    }
    found.addAll(failures);
    return items;
  }

  private static FirewallConfiguration.Rule unparsed(String name, String text, String error) {
    Map<String, String> details = Map.of("Kind", "Unparsed", "Backend", "nftables", "Source", name, "Error", error,
        "Raw", RuleFields.truncate(text));
    return new FirewallConfiguration.Rule(null, null, null, null, true, FirewallConfiguration.Action.OTHER, null, null,
        null, null, null, details);
  }
}
