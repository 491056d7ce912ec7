package io.vigil.agent.collect.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration.Action;
import io.vigil.model.event.FirewallConfiguration.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IptablesSaveParserTest {
  static String resource(String name) throws IOException {
    try (InputStream in = IptablesSaveParserTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** ExtraDetails of an iptables-save item from the filter table of family {@code ip}. */
  static Map<String, String> details(String kind, String hook, String verdict, String raw, String... more) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("Kind", kind);
    d.put("Backend", "iptables");
    d.put("Family", "ip");
    d.put("Table", "filter");
    d.put("Source", "iptables-save");
    if (hook != null) {
      d.put("Hook", hook);
    }
    d.put("Verdict", verdict);
    d.put("Raw", raw);
    for (int i = 0; i < more.length; i += 2) {
      d.put(more[i], more[i + 1]);
    }
    return d;
  }

  private static Ruleset parse(String text) {
    return new IptablesSaveParser("iptables-save", "ip").parse(text);
  }

  @Test
  void readsCapturedIptablesNftOutputIntoNormalizedItems() throws IOException {
    IptablesSaveParser parser = new IptablesSaveParser("iptables-save", "ip");
    Ruleset rules = parser.parse(resource("iptables-save-mixed.txt"));

    assertThat(parser.isNfTables()).isTrue();
    assertThat(rules.problems()).isEmpty();
    assertThat(rules.items()).containsExactly(
        new Rule(0L, Direction.IN, "INPUT", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            details("Rule", "input", "accept", "-A INPUT -i lo -j ACCEPT", "InInterface", "lo")),
        new Rule(1L, Direction.IN, "INPUT", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            details("Rule", "input", "accept", "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "State", "related,established")),
        new Rule(2L, Direction.IN, "INPUT", "*", true, Action.ALLOW, "10.0.0.0/8", "*", "*", "22", "TCP",
            details("Rule", "input", "accept", "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT")),
        new Rule(3L, Direction.IN, "INPUT", "*", true, Action.ALLOW, "*", "*", "*", "80,443", "TCP",
            details("Rule", "input", "accept", "-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT")),
        new Rule(4L, Direction.IN, "INPUT", "*", true, Action.OTHER, "!192.168.1.0/24", "53", "*", "*", "UDP",
            details("Rule", "input", "jump", "-A INPUT ! -s 192.168.1.0/24 -p udp -m udp --sport 53 -j LOGDROP",
                "Jump", "LOGDROP")),
        new Rule(5L, Direction.IN, "INPUT", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            details("Policy", "input", "drop", ":INPUT DROP [0:0]")),
        new Rule(0L, null, "FORWARD", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            details("Policy", "forward", "drop", ":FORWARD DROP [0:0]")),
        new Rule(0L, Direction.OUT, "OUTPUT", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            details("Policy", "output", "accept", ":OUTPUT ACCEPT [0:0]")),
        new Rule(0L, null, "LOGDROP", "*", true, Action.OTHER, "*", "*", "*", "*", "*",
            details("Rule", null, "log", "-A LOGDROP -j LOG --log-prefix \"drop: \"", "Jump", "LOG")),
        new Rule(1L, null, "LOGDROP", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            details("Rule", null, "drop", "-A LOGDROP -j DROP")));
  }

  @Test
  void readsCountersRangesNegatedPortsGotoCommentsAndUnknownMatches() {
    Ruleset rules = parse("""
        *filter
        :INPUT ACCEPT [10:600]
        :web - [0:0]
        [5:300] -A INPUT -p tcp -m tcp ! --dport 1000:2000 -m comment --comment "not the high ports" -g web
        -A INPUT -d 192.0.2.1/32 -o eth0 -m limit --limit 5/min --limit-burst 10 -j REJECT --reject-with icmp-port-unreachable
        COMMIT
        """);

    assertThat(rules.problems()).isEmpty();
    List<Rule> items = rules.items();
    assertThat(items.get(0)).isEqualTo(new Rule(0L, Direction.IN, "INPUT", "*", true, Action.OTHER, "*", "*", "*",
        "!1000-2000", "TCP", details("Rule", "input", "goto",
            "-A INPUT -p tcp -m tcp ! --dport 1000:2000 -m comment --comment \"not the high ports\" -g web",
            "Jump", "web", "Comment", "not the high ports")));
    assertThat(items.get(1)).isEqualTo(new Rule(1L, Direction.IN, "INPUT", "*", true, Action.DENY, "*", "*",
        "192.0.2.1/32", "*", "*", details("Rule", "input", "reject",
            "-A INPUT -d 192.0.2.1/32 -o eth0 -m limit --limit 5/min --limit-burst 10 -j REJECT --reject-with icmp-port-unreachable",
            "OutInterface", "eth0", "OtherMatches", "--limit 5/min; --limit-burst 10")));
    assertThat(items).hasSize(3); // two rules, the INPUT policy; the regular chain 'web' has no policy item
  }

  @Test
  void readsIp6tablesWithItsFamily() throws IOException {
    Ruleset rules = new IptablesSaveParser("ip6tables-save", "ip6").parse(resource("ip6tables-save-mixed.txt"));
    Rule third = rules.items().get(2);
    assertThat(third.sourceAddress()).isEqualTo("fe80::/10");
    assertThat(third.destinationPort()).isEqualTo("546");
    assertThat(third.protocol()).isEqualTo("UDP");
    assertThat(third.extraDetails()).containsEntry("Family", "ip6").containsEntry("Source", "ip6tables-save");
    assertThat(rules.items().get(1).protocol()).isEqualTo("ICMPV6");
  }

  @Test
  void reportsARuleOutsideATableWithItsLine() {
    Ruleset rules = parse("""
        # Generated by iptables-save v1.8.9 (nf_tables)
        *filter
        :INPUT DROP [0:0]
        -A INPUT -j ACCEPT
        COMMIT

        -A INPUT -p tcp -j DROP
        """);
    assertThat(rules.problems()).containsExactly("iptables-save line 7: rule outside a table (no '*table' line before it)");
    assertThat(rules.items()).hasSize(2);
  }

  @Test
  void keepsTheRulesOfTruncatedInputAndSaysItWasCut() {
    Ruleset rules = parse("*filter\n:INPUT DROP [0:0]\n-A INPUT -s 10.0.0.1 -j ACCEPT\n-A INPUT -p tcp -s");
    assertThat(rules.problems()).containsExactly(
        "iptables-save line 4: option '-s' needs a value",
        "iptables-save end of input: table 'filter' has no COMMIT (truncated input?)");
    assertThat(rules.items()).extracting(Rule::sourceAddress).containsExactly("10.0.0.1", "*"); // the rule, the policy
  }

  @Test
  void reportsEachMalformedLineAndKeepsTheRest() {
    Ruleset rules = parse("""
        :INPUT ACCEPT [0:0]
        *filter
        :INPUT
        :INPUT ACCEPT [0:0]
        -A NOPE -j ACCEPT
        -A INPUT -m comment --comment "unclosed
        -A INPUT -s
        -A INPUT bogus -j ACCEPT
        -I INPUT -j ACCEPT
        what is this
        *nat
        COMMIT
        COMMIT
        -A INPUT -j DROP
        """);
    assertThat(rules.problems()).containsExactly(
        "iptables-save line 1: chain declaration outside a table (no '*table' line before it)",
        "iptables-save line 3: chain line ':INPUT' needs a name and a policy (':CHAIN POLICY [packets:bytes]')",
        "iptables-save line 5: rule for undeclared chain 'NOPE' in table 'filter'",
        "iptables-save line 6: unterminated quote in '-A INPUT -m comment --comment \"unclosed'",
        "iptables-save line 7: option '-s' needs a value",
        "iptables-save line 8: unexpected word 'bogus' where an option was expected",
        "iptables-save line 9: expected '-A CHAIN ...', found '-I INPUT -j ACCEPT'",
        "iptables-save line 10: unrecognized line 'what is this'",
        "iptables-save line 11: table 'nat' starts before the COMMIT of table 'filter'",
        "iptables-save line 13: COMMIT outside a table (no '*table' line before it)",
        "iptables-save line 14: rule outside a table (no '*table' line before it)");
    assertThat(rules.items()).singleElement().satisfies(r -> assertThat(r.extraDetails()).containsEntry("Kind", "Policy"));
  }

  @Test
  void emptyOutputHasNoChainsAndNoProblems() {
    Ruleset rules = parse("");
    assertThat(rules.chains()).isEmpty();
    assertThat(rules.problems()).isEmpty();
  }
}
