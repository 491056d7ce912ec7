package io.vigil.agent.collect.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.FirewallConfiguration.Action;
import io.vigil.model.event.FirewallConfiguration.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the collector against the real tools and kernel, inside a network namespace of its own, so
 * the host's firewall is never touched. Needs root, iproute2, nftables and iptables (iptables-nft).
 */
class FirewallNamespaceTest {
  private final CommandRunner system = CommandRunner.system(Duration.ofSeconds(20));

  @TempDir Path tmp;

  @Test
  void readsTheRulesetLoadedIntoANamespace() throws Exception {
    Optional<String> ip = system.locate("ip");
    Optional<String> nft = system.locate("nft");
    Optional<String> restore = system.locate("iptables-restore");
    assumeTrue(ip.isPresent() && nft.isPresent() && restore.isPresent() && system.locate("iptables-save").isPresent(),
        "needs ip (iproute2), nft (nftables) and iptables-restore/iptables-save (iptables): apt-get install -y iproute2 nftables iptables");
    String ns = "vigil-fw-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    CommandRunner.Output added = system.run(List.of(ip.get(), "netns", "add", ns));
    assumeTrue(added.exitCode() == 0, "cannot create a network namespace (needs root): " + added.stderr().strip());
    try {
      Path nftFile = tmp.resolve("rules.nft");
      Files.writeString(nftFile, """
          table inet vigil {
            chain input {
              type filter hook input priority 0; policy drop;
              iif "lo" accept
              ip saddr 192.0.2.0/24 tcp dport { 22, 443 } accept
            }
            chain output {
              type filter hook output priority 0; policy accept;
            }
          }
          """);
      Path iptFile = tmp.resolve("rules.v4");
      Files.writeString(iptFile, """
          *filter
          :INPUT ACCEPT [0:0]
          :FORWARD DROP [0:0]
          :OUTPUT ACCEPT [0:0]
          -A INPUT -p udp -m multiport --dports 53,123 -m conntrack --ctstate NEW -j DROP
          COMMIT
          """);
      inNamespace(ns, List.of(nft.get(), "-f", nftFile.toString()));
      inNamespace(ns, List.of(restore.get(), iptFile.toString()));

      FirewallCollector collector = new FirewallCollector(CollectorContext.live(), prefixed(ip.get(), ns));
      List<Rule> items = ((FirewallConfiguration) collector.collect().getFirst()).payload();

      assertThat(collector.problems()).isEmpty();
      assertThat(items).extracting(r -> r.extraDetails().get("Backend"), r -> r.extraDetails().get("Table"),
              Rule::chainName, r -> r.extraDetails().get("Kind"), Rule::priority, Rule::direction, Rule::action,
              Rule::sourceAddress, Rule::destinationPort, Rule::protocol)
          .containsExactly(
              tuple("nftables", "vigil", "input", "Rule", 0L, Direction.IN, Action.ALLOW, "*", "*", "*"),
              tuple("nftables", "vigil", "input", "Rule", 1L, Direction.IN, Action.ALLOW, "192.0.2.0/24", "22,443", "TCP"),
              tuple("nftables", "vigil", "input", "Policy", 2L, Direction.IN, Action.DENY, "*", "*", "*"),
              tuple("nftables", "vigil", "output", "Policy", 0L, Direction.OUT, Action.ALLOW, "*", "*", "*"),
              tuple("iptables", "filter", "INPUT", "Rule", 0L, Direction.IN, Action.DENY, "*", "53,123", "UDP"),
              tuple("iptables", "filter", "INPUT", "Policy", 1L, Direction.IN, Action.ALLOW, "*", "*", "*"),
              tuple("iptables", "filter", "FORWARD", "Policy", 0L, null, Action.DENY, "*", "*", "*"),
              tuple("iptables", "filter", "OUTPUT", "Policy", 0L, Direction.OUT, Action.ALLOW, "*", "*", "*"));
      assertThat(items.get(0).extraDetails()).containsEntry("InInterface", "lo").containsEntry("Family", "inet");
      assertThat(items.get(4).extraDetails()).containsEntry("State", "new").containsEntry("Family", "ip")
          .containsEntry("Raw", "-A INPUT -p udp -m multiport --dports 53,123 -m conntrack --ctstate NEW -j DROP");
    } finally {
      CommandRunner.Output deleted = system.run(List.of(ip.get(), "netns", "delete", ns));
      assertThat(deleted.exitCode()).as("deleting namespace %s: %s", ns, deleted.stderr()).isZero();
    }
  }

  private void inNamespace(String ns, List<String> command) throws IOException {
    List<String> full = new ArrayList<>(List.of(system.locate("ip").orElseThrow(), "netns", "exec", ns));
    full.addAll(command);
    CommandRunner.Output out = system.run(full);
    assertThat(out.exitCode()).as("%s: %s", full, out.stderr()).isZero();
  }

  /** Runs every command inside namespace {@code ns}. */
  private CommandRunner prefixed(String ip, String ns) {
    return new CommandRunner() {
      @Override
      public Optional<String> locate(String tool) {
        return system.locate(tool);
      }

      @Override
      public Output run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", ns));
        full.addAll(command);
        return system.run(full);
      }
    };
  }
}
