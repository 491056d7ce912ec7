package io.vigil.agent.collect.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration.Action;
import io.vigil.model.event.FirewallConfiguration.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftTextParserTest {
  private static final String FILE = "/etc/nftables.conf";

  private static List<Rule> parse(String text) throws FirewallParseException {
    return new NftTextParser(FILE, text).parse().items();
  }

  @Test
  void readsDebiansDefaultFileAsThreeAcceptingBaseChains() throws Exception {
    List<Rule> items = parse("""
        #!/usr/sbin/nft -f

        flush ruleset

        table inet filter {
        	chain input {
        		type filter hook input priority filter;
        	}
        	chain forward {
        		type filter hook forward priority filter;
        	}
        	chain output {
        		type filter hook output priority filter;
        	}
        }
        """);
    assertThat(items).extracting(Rule::chainName, Rule::direction, Rule::action, Rule::priority)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("input", Direction.IN, Action.ALLOW, 0L),
            org.assertj.core.groups.Tuple.tuple("forward", null, Action.ALLOW, 0L),
            org.assertj.core.groups.Tuple.tuple("output", Direction.OUT, Action.ALLOW, 0L));
    assertThat(items.getFirst().extraDetails())
        .containsEntry("Kind", "Policy")
        .containsEntry("Verdict", "accept")
        .containsEntry("Raw", "type filter hook input priority filter;")
        .containsEntry("ChainPriority", "filter");
  }

  @Test
  void readsOneLineChainsSetsAndNegations() throws Exception {
    List<Rule> items = parse("""
        table ip t { chain c { type filter hook input priority -150; policy accept; ip saddr != { 10.0.0.0/8, \\
            172.16.0.0/12 } meta l4proto { tcp, udp } th dport 53 counter drop; } }
        """);
    Rule rule = items.getFirst();
    assertThat(rule.sourceAddress()).isEqualTo("!10.0.0.0/8,172.16.0.0/12");
    assertThat(rule.protocol()).isEqualTo("TCP,UDP");
    assertThat(rule.destinationPort()).isEqualTo("53");
    assertThat(rule.action()).isEqualTo(Action.DENY);
    assertThat(rule.extraDetails()).containsEntry("Family", "ip").containsEntry("ChainPriority", "-150")
        .containsEntry("Raw", "ip saddr != { 10.0.0.0/8, 172.16.0.0/12 } meta l4proto { tcp, udp } th dport 53 counter drop");
    assertThat(items.get(1).extraDetails()).containsEntry("Raw", "type filter hook input priority -150; policy accept;");
  }

  @Test
  void keepsUnknownWordsAsOtherMatches() throws Exception {
    Rule rule = parse("table netdev n { chain c { fib daddr type local tcp flags syn jump x } chain x { } }").getFirst();
    assertThat(rule.extraDetails())
        .containsEntry("OtherMatches", "fib daddr type local; tcp flags syn")
        .containsEntry("Jump", "x").containsEntry("Family", "netdev");
    assertThat(rule.direction()).isNull();
  }

  @Test
  void refusesWhatTheSimpleReaderDoesNotSupport() {
    assertThatThrownBy(() -> parse("flush ruleset\n\ninclude \"/etc/nftables.d/*.nft\"\n"))
        .isInstanceOf(FirewallParseException.class)
        .hasMessage("/etc/nftables.conf line 3: 'include' at the top level is beyond what the simple nftables.conf reader supports");
    assertThatThrownBy(() -> parse("define LAN = 10.0.0.0/8\ntable inet f { chain c { ip saddr $LAN accept } }"))
        .hasMessage("/etc/nftables.conf line 1: 'define' at the top level is beyond what the simple nftables.conf reader supports");
    assertThatThrownBy(() -> parse("table inet f {\n chain c {\n  ip saddr $LAN accept\n }\n}"))
        .hasMessage("/etc/nftables.conf line 3: variable '$LAN' is beyond what the simple nftables.conf reader supports");
    assertThatThrownBy(() -> parse("table inet f {\n  flowtable ft { hook ingress priority 0; devices = { eth0 } }\n  chain c { }\n  secmark s { \"x\" }\n  bogus\n}"))
        .hasMessage("/etc/nftables.conf line 5: 'bogus' in table 'f' is beyond what the simple nftables.conf reader supports");
    assertThatThrownBy(() -> parse("add rule inet f c accept"))
        .hasMessage("/etc/nftables.conf line 1: 'add' at the top level is beyond what the simple nftables.conf reader supports");
  }

  @Test
  void reportsMalformedAndTruncatedFilesWithTheLine() {
    assertThatThrownBy(() -> parse("table inet f {\n chain c {\n  log prefix \"oops accept\n }\n}"))
        .hasMessage("/etc/nftables.conf line 3: unterminated string");
    assertThatThrownBy(() -> parse("table inet f {\n chain c {\n  type filter hook input priority 0; policy drop;\n  accept\n"))
        .hasMessage("/etc/nftables.conf line 4: chain 'c' is not closed with '}'");
    assertThatThrownBy(() -> parse("table inet f {\n chain c {\n  type filter hook input;\n }\n}"))
        .hasMessage("/etc/nftables.conf line 3: expected 'type TYPE hook HOOK priority PRIORITY' in chain 'c'");
    assertThatThrownBy(() -> parse("table inet f {\n chain c {\n  policy;\n }\n}"))
        .hasMessage("/etc/nftables.conf line 3: expected 'policy accept|drop' in chain 'c'");
    assertThatThrownBy(() -> parse("table inet f\n"))
        .hasMessage("/etc/nftables.conf line 1: expected '{' after 'table'");
    assertThatThrownBy(() -> parse("table bogus f g {\n}"))
        .hasMessage("/etc/nftables.conf line 1: expected 'table [family] name {'");
    assertThatThrownBy(() -> parse("table inet f {\n chain c {\n }\n"))
        .hasMessage("/etc/nftables.conf line 3: table 'f' is not closed with '}'");
    assertThatThrownBy(() -> parse("}\n"))
        .hasMessage("/etc/nftables.conf line 1: unexpected '}' at the top level");
    assertThatThrownBy(() -> parse("table inet f {\n set s { type ipv4_addr;\n"))
        .hasMessage("/etc/nftables.conf line 2: 'set' block is not closed with '}'");
  }

  @Test
  void anEmptyFileHasNoChains() throws Exception {
    assertThat(parse("# nothing here\n\n")).isEmpty();
  }
}
