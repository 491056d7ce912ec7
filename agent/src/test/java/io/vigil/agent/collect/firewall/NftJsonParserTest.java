package io.vigil.agent.collect.firewall;

import static io.vigil.agent.collect.firewall.IptablesSaveParserTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration.Action;
import io.vigil.model.event.FirewallConfiguration.Rule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftJsonParserTest {
  private static final String SOURCE = "nft -j list ruleset";

  /** ExtraDetails of an item of table inet fw; {@code base} adds the filter base chain's details. */
  static Map<String, String> fw(String kind, boolean base, String hook, String verdict, String raw, String... more) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("Kind", kind);
    d.put("Backend", "nftables");
    d.put("Family", "inet");
    d.put("Table", "fw");
    d.put("Source", SOURCE);
    if (base) {
      d.put("Hook", hook);
      d.put("ChainType", "filter");
      d.put("ChainPriority", "0");
    }
    d.put("Verdict", verdict);
    d.put("Raw", raw);
    for (int i = 0; i < more.length; i += 2) {
      d.put(more[i], more[i + 1]);
    }
    return d;
  }

  static Map<String, String> map(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static Ruleset parse(String json) throws FirewallParseException {
    return new NftJsonParser(SOURCE).parse(json);
  }

  @Test
  void readsNativeTablesIntoNormalizedItems() throws Exception {
    Ruleset rules = parse(resource("nft-mixed.json"));

    assertThat(rules.problems()).isEmpty();
    List<Rule> fw = rules.items().stream().filter(r -> "fw".equals(r.extraDetails().get("Table"))).toList();
    assertThat(fw).containsExactly(
        new Rule(0L, Direction.IN, "input", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            fw("Rule", true, "input", "accept", "meta iif lo accept", "InInterface", "lo")),
        new Rule(1L, Direction.IN, "input", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            fw("Rule", true, "input", "accept", "ct state established,related accept", "State", "established,related")),
        new Rule(2L, Direction.IN, "input", "*", true, Action.ALLOW, "@allowed", "*", "*", "22,2222", "TCP",
            fw("Rule", true, "input", "accept", "ip saddr @allowed tcp dport { 22, 2222 } accept", "Comment", "admin ssh")),
        new Rule(3L, Direction.IN, "input", "*", true, Action.ALLOW, "fe80::/10", "*", "*", "8000-8080", "TCP",
            fw("Rule", true, "input", "accept", "tcp dport 8000-8080 ip6 saddr fe80::/10 accept")),
        new Rule(4L, Direction.IN, "input", "*", true, Action.ALLOW, "*", "*", "*", "*", "ICMP",
            fw("Rule", true, "input", "accept", "meta l4proto icmp accept")),
        new Rule(5L, Direction.IN, "input", "*", true, Action.DENY, "*", "*", "*", "!53", "UDP",
            fw("Rule", true, "input", "reject", "udp dport != 53 reject")),
        new Rule(6L, Direction.IN, "input", "*", true, Action.OTHER, "*", "*", "*", "*", "*",
            fw("Rule", true, "input", "jump", "jump custom", "Jump", "custom")),
        new Rule(7L, Direction.IN, "input", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            fw("Policy", true, "input", "drop", "type filter hook input priority 0; policy drop;")),
        new Rule(0L, null, "custom", "*", true, Action.DENY, "*", "*", "1.2.3.4", "*", "*",
            fw("Rule", false, null, "drop", "ip daddr 1.2.3.4 drop")),
        new Rule(1L, null, "custom", "*", true, Action.OTHER, "*", "*", "*", "*", "*",
            fw("Rule", false, null, "return", "return")),
        new Rule(0L, Direction.OUT, "output", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            fw("Policy", true, "output", "accept", "type filter hook output priority 0; policy accept;")));

    List<Rule> nat = rules.items().stream().filter(r -> "nat".equals(r.extraDetails().get("Table"))).toList();
    assertThat(nat.getFirst()).isEqualTo(new Rule(0L, null, "POSTROUTING", "*", true, Action.OTHER, "*", "*", "*", "*", "*",
        map("Kind", "Rule", "Backend", "nftables", "Family", "ip", "Table", "nat", "Source", SOURCE, "Hook", "postrouting",
            "ChainType", "nat", "ChainPriority", "100", "Verdict", "masquerade", "OutInterface", "eth0",
            "Raw", "meta oifname eth0 masquerade")));
    assertThat(nat.get(1).extraDetails()).containsEntry("Kind", "Policy");
  }

  @Test
  void marksTablesWithIptablesCompatExpressionsAndNamesThem() throws Exception {
    Ruleset rules = parse(resource("nft-mixed.json"));

    assertThat(rules.compatTables()).containsExactly("ip filter");
    List<Rule> filter = rules.items().stream()
        .filter(r -> "filter".equals(r.extraDetails().get("Table")) && "ip".equals(r.extraDetails().get("Family")))
        .toList();
    assertThat(filter.get(1).extraDetails()).containsEntry("OtherMatches", "xt match conntrack");
    assertThat(filter.get(1).action()).isEqualTo(Action.ALLOW);
    Rule log = filter.stream().filter(r -> r.chainName().equals("LOGDROP")).findFirst().orElseThrow();
    assertThat(log.action()).isEqualTo(Action.OTHER);
    assertThat(log.extraDetails()).containsEntry("Verdict", "log").containsEntry("Jump", "LOG");
  }

  @Test
  void refusesWhatIsNotAnNftablesDocument() {
    assertThatThrownBy(() -> parse("[]")).isInstanceOf(FirewallParseException.class)
        .hasMessage("nft -j list ruleset: expected a JSON object with an 'nftables' array at line 1, column 1, found an array");
    assertThatThrownBy(() -> parse("{\"foo\": [1, {\"x\": 2}]}"))
        .hasMessage("nft -j list ruleset: the JSON object has no 'nftables' array");
    assertThatThrownBy(() -> parse("{\"nftables\": {}}"))
        .hasMessage("nft -j list ruleset: 'nftables' at line 1, column 14 must be an array, found an object");
    assertThatThrownBy(() -> parse(""))
        .hasMessage("nft -j list ruleset: expected a JSON object with an 'nftables' array, found the end of input");
  }

  @Test
  void refusesMalformedJsonBeforeAnyChainWithItsLocation() {
    assertThatThrownBy(() -> parse("{\"nftables\": [\n  {\"table\": x}]}"))
        .isInstanceOf(FirewallParseException.class)
        .hasMessageStartingWith("nft -j list ruleset: malformed JSON at line 2, column 13: Unrecognized token 'x'");
  }

  @Test
  void keepsTheElementsBeforeATruncation() throws Exception {
    String json = resource("nft-mixed.json");
    int cut = json.indexOf("{\"rule\": {\"family\": \"ip6\"");
    Ruleset rules = parse(json.substring(0, cut + 30));

    assertThat(rules.problems()).singleElement().asString()
        .startsWith("nft -j list ruleset: malformed JSON at line 1, column " + (cut + 31) + ": Unexpected end-of-input")
        .endsWith("(the elements before it are kept)");
    assertThat(rules.chains()).extracting(c -> c.tableKey() + " " + c.info().name() + " " + c.rules().size())
        .containsExactly("ip filter INPUT 5", "ip filter FORWARD 0", "ip filter OUTPUT 0", "ip filter LOGDROP 2",
            "ip6 filter INPUT 0", "ip6 filter FORWARD 0", "ip6 filter OUTPUT 0");
  }

  @Test
  void reportsMalformedElementsAndKeepsTheRest() throws Exception {
    Ruleset rules = parse("""
        {"nftables": [
          {"chain": {"family": "inet", "table": "t", "name": "in", "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
          {"chain": {"family": "inet", "table": "t"}},
          {"rule": {"family": "inet", "table": "t", "chain": "nope", "expr": [{"accept": null}]}},
          {"rule": {"family": "inet", "table": "t", "chain": "in"}},
          {"rule": {"family": "inet", "chain": "in", "expr": []}},
          {"rule": "accept"},
          [1, 2],
          {"rule": {"family": "inet", "table": "t", "chain": "in", "expr": [{"match": {"op": ">", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 1023}}, {"limit": {"rate": 5}}, {"drop": null}]}}
        ]}
        """);
    assertThat(rules.problems()).containsExactly(
        "nft -j list ruleset: nftables[1].chain lacks 'name'",
        "nft -j list ruleset: nftables[2].rule is for chain 'inet t nope', which was not listed before it",
        "nft -j list ruleset: nftables[3].rule has no 'expr' array",
        "nft -j list ruleset: nftables[4].rule lacks 'table'",
        "nft -j list ruleset: nftables[5].rule is not an object",
        "nft -j list ruleset: nftables[6] is not an object with exactly one member");
    Rule rule = rules.items().getFirst();
    assertThat(rule.action()).isEqualTo(Action.DENY);
    assertThat(rule.destinationPort()).isEqualTo("*");
    assertThat(rule.extraDetails()).containsEntry("OtherMatches", "tcp dport > 1023").containsEntry("Statements", "limit")
        .containsEntry("Raw", "tcp dport > 1023 limit drop");
  }

  @Test
  void anEmptyRulesetHasNoChains() throws Exception {
    Ruleset rules = parse("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}}]}");
    assertThat(rules.chains()).isEmpty();
    assertThat(rules.problems()).isEmpty();
  }

  @Test
  void readsTheCapturedFileWithoutProblems() throws IOException, FirewallParseException {
    assertThat(parse(resource("nft-mixed.json")).chains()).hasSize(11);
  }
}
