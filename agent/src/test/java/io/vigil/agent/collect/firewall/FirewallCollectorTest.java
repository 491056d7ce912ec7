package io.vigil.agent.collect.firewall;

import static io.vigil.agent.collect.firewall.IptablesSaveParserTest.resource;
import static io.vigil.agent.collect.firewall.NftJsonParserTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.FirewallConfiguration.Action;
import io.vigil.model.event.FirewallConfiguration.Rule;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirewallCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
  private static final String CONF = "/etc/nftables.conf";

  @TempDir Path tmp;

  static CollectorContext context(Path root) {
    return new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.ofHours(2));
  }

  static Path fixtureRoot() throws URISyntaxException {
    return Path.of(FirewallCollectorTest.class.getResource("root").toURI());
  }

  /** ExtraDetails of an item of table inet filter in the fixture's nftables.conf. */
  private static Map<String, String> conf(String kind, String chain, String verdict, String raw, String... more) {
    Map<String, String> d = map("Kind", kind, "Backend", "nftables", "Family", "inet", "Table", "filter", "Source", CONF,
        "Hook", chain, "ChainType", "filter", "ChainPriority", "filter", "Verdict", verdict, "Raw", raw);
    d.putAll(map(more));
    return d;
  }

  private static List<Rule> items(List<SecurityEvent> events) {
    assertThat(events).singleElement().isInstanceOf(FirewallConfiguration.class);
    return ((FirewallConfiguration) events.getFirst()).payload();
  }

  @Test
  void readsTheSavedRulesOfAnImageIntoNormalizedItems() throws Exception {
    FirewallCollector collector = new FirewallCollector(context(fixtureRoot()), failingRunner());
    List<SecurityEvent> events = collector.collect();

    assertThat(collector.name()).isEqualTo("firewall");
    assertThat(collector.problems()).isEmpty();
    FirewallConfiguration event = (FirewallConfiguration) events.getFirst();
    assertThat(event.header().timestampUtc()).isEqualTo(NOW);
    assertThat(event.header().timestampLocal().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    List<Rule> items = items(events);
    assertThat(items.subList(0, 11)).containsExactly(
        new Rule(0L, Direction.IN, "input", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            conf("Rule", "input", "accept", "iif \"lo\" accept comment \"loopback\"", "InInterface", "lo", "Comment", "loopback")),
        new Rule(1L, Direction.IN, "input", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            conf("Rule", "input", "accept", "ct state { established, related } accept", "State", "established,related")),
        new Rule(2L, Direction.IN, "input", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            conf("Rule", "input", "drop", "ct state invalid drop", "State", "invalid")),
        new Rule(3L, Direction.IN, "input", "*", true, Action.ALLOW, "@trusted", "*", "*", "22", "TCP",
            conf("Rule", "input", "accept", "ip saddr @trusted tcp dport 22 accept")),
        new Rule(4L, Direction.IN, "input", "*", true, Action.ALLOW, "*", "*", "*", "80,443", "TCP",
            conf("Rule", "input", "accept", "tcp dport { 80, 443 } accept")),
        new Rule(5L, Direction.IN, "input", "*", true, Action.ALLOW, "10.0.0.0/8", "*", "*", "5683", "UDP",
            conf("Rule", "input", "accept", "udp dport 5683 ip saddr 10.0.0.0/8 accept")),
        new Rule(6L, Direction.IN, "input", "*", true, Action.ALLOW, "*", "*", "*", "*", "ICMP",
            conf("Rule", "input", "accept", "icmp type echo-request limit rate 5/second accept",
                "OtherMatches", "icmp type echo-request", "Statements", "limit")),
        new Rule(7L, Direction.IN, "input", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            conf("Rule", "input", "drop", "log prefix \"input drop: \" counter drop", "Statements", "log")),
        new Rule(8L, Direction.IN, "input", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            conf("Policy", "input", "drop", "type filter hook input priority filter; policy drop;")),
        new Rule(0L, null, "forward", "*", true, Action.DENY, "*", "*", "*", "*", "*",
            conf("Policy", "forward", "drop", "type filter hook forward priority filter; policy drop;")),
        new Rule(0L, Direction.OUT, "output", "*", true, Action.ALLOW, "*", "*", "*", "*", "*",
            conf("Policy", "output", "accept", "type filter hook output priority filter;")));

    assertThat(items.get(11)).isEqualTo(new Rule(0L, null, "PREROUTING", "*", true, Action.OTHER, "*", "*", "*", "8080",
        "TCP", map("Kind", "Rule", "Backend", "iptables", "Family", "ip", "Table", "nat", "Source", "/etc/iptables/rules.v4",
            "Hook", "prerouting", "Verdict", "dnat", "Jump", "DNAT", "InInterface", "eth0",
            "Raw", "-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.1.20:80")));
    assertThat(items.subList(12, 16)).extracting(Rule::chainName, r -> r.extraDetails().get("Kind"), Rule::action)
        .containsExactly(tuple("PREROUTING", "Policy", Action.ALLOW), tuple("INPUT", "Policy", Action.ALLOW),
            tuple("OUTPUT", "Policy", Action.ALLOW), tuple("POSTROUTING", "Policy", Action.ALLOW));
    assertThat(items.get(16)).isEqualTo(new Rule(0L, Direction.IN, "INPUT", "*", true, Action.ALLOW, "2001:db8::/32",
        "1024-65535", "*", "22", "TCP", map("Kind", "Rule", "Backend", "iptables", "Family", "ip6", "Table", "filter",
            "Source", "/etc/iptables/rules.v6", "Hook", "input", "Verdict", "accept",
            "Raw", "-A INPUT -s 2001:db8::/32 -p tcp -m tcp --sport 1024:65535 --dport 22 -j ACCEPT")));
    assertThat(items).hasSize(20);

    // What the collector emits is valid on the wire.
    SecurityMessageCodec codec = new SecurityMessageCodec();
    SecurityMessage message = SecurityMessage.of("1.0.0", UUID.randomUUID().toString(), events);
    assertThat(codec.decode(codec.encode(message)).events().getFirst().payload()).isEqualTo(items);
  }

  @Test
  void reportsAnNftablesConfBeyondTheSimpleReaderAsUnparsed() throws Exception {
    String text = "#!/usr/sbin/nft -f\nflush ruleset\ninclude \"/etc/nftables.d/*.nft\"\n";
    Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(tmp.resolve("etc/nftables.conf"), text);

    List<Rule> items = items(new FirewallCollector(context(tmp), failingRunner()).collect());

    assertThat(items).containsExactly(new Rule(null, null, null, null, true, Action.OTHER, null, null, null, null, null,
        map("Kind", "Unparsed", "Backend", "nftables", "Source", CONF, "Raw", text, "Error",
            "/etc/nftables.conf line 3: 'include' at the top level is beyond what the simple nftables.conf reader supports")));
  }

  @Test
  void reportsMalformedSavedLinesAsProblems() throws Exception {
    Files.createDirectories(tmp.resolve("etc/sysconfig"));
    Files.writeString(tmp.resolve("etc/sysconfig/iptables"), "*filter\n:INPUT DROP [0:0]\n-A INPUT -s\nCOMMIT\n");

    FirewallCollector collector = new FirewallCollector(context(tmp), failingRunner());
    List<Rule> items = items(collector.collect());

    assertThat(items).singleElement().satisfies(r -> assertThat(r.action()).isEqualTo(Action.DENY));
    assertThat(collector.problems()).containsExactly("/etc/sysconfig/iptables line 3: option '-s' needs a value");
  }

  @Test
  void anImageWithoutSavedRulesIsUnavailableSayingWhereItLooked() {
    assertThatThrownBy(() -> new FirewallCollector(context(tmp), failingRunner()).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no saved rules under " + tmp.resolve("etc") + " (looked for nftables.conf, iptables/rules.v4, "
            + "iptables/rules.v6, sysconfig/iptables, sysconfig/ip6tables); the live ruleset exists only on a running system");
  }

  @Test
  void mergesLiveOutputsTakingIptablesNftTablesFromIptablesSave() throws Exception {
    FakeRunner runner = new FakeRunner()
        .tool("nft", new CommandRunner.Output(0, resource("nft-mixed.json"), ""))
        .tool("iptables-save", new CommandRunner.Output(0, resource("iptables-save-mixed.txt"), ""))
        .tool("ip6tables-save", new CommandRunner.Output(0, resource("ip6tables-save-mixed.txt"), ""));
    FirewallCollector collector = new FirewallCollector(context(Path.of("/")), runner);

    List<Rule> items = items(collector.collect());

    assertThat(runner.commands).containsExactly(List.of("/fake/nft", "-j", "list", "ruleset"),
        List.of("/fake/iptables-save"), List.of("/fake/ip6tables-save"));
    assertThat(collector.problems()).isEmpty();
    // ip filter holds xt expressions in nft: iptables-save shows it. ip6 filter is native nft: nft shows it.
    assertThat(items.stream().map(r -> r.extraDetails().get("Backend") + " " + r.extraDetails().get("Family") + " "
            + r.extraDetails().get("Table") + " " + r.chainName()).distinct())
        .containsExactly("nftables ip6 filter INPUT", "nftables ip6 filter FORWARD", "nftables ip6 filter OUTPUT",
            "nftables inet fw input", "nftables inet fw custom", "nftables inet fw output", "nftables ip nat POSTROUTING",
            "iptables ip filter INPUT", "iptables ip filter FORWARD", "iptables ip filter OUTPUT", "iptables ip filter LOGDROP");
    Rule conntrack = items.stream().filter(r -> r.extraDetails().get("Raw").contains("conntrack")).findFirst().orElseThrow();
    assertThat(conntrack.extraDetails()).containsEntry("State", "related,established");
  }

  @Test
  void keepsIptablesLegacyTablesBesideNftables() throws Exception {
    String legacy = resource("iptables-save-mixed.txt").replace("(nf_tables)", "(legacy)");
    FakeRunner runner = new FakeRunner()
        .tool("nft", new CommandRunner.Output(0, resource("nft-mixed.json"), ""))
        .tool("iptables-save", new CommandRunner.Output(0, legacy, ""));
    List<Rule> items = items(new FirewallCollector(context(Path.of("/")), runner).collect());

    assertThat(items.stream().filter(r -> "ip".equals(r.extraDetails().get("Family"))
            && "filter".equals(r.extraDetails().get("Table"))).map(r -> r.extraDetails().get("Backend")).distinct())
        .containsExactly("nftables", "iptables"); // legacy tables are not nf_tables: both exist, both are kept
  }

  @Test
  void liveToolsThatAllFailMakeTheCollectorUnavailableWithEachReason() {
    FakeRunner runner = new FakeRunner()
        .tool("nft", new CommandRunner.Output(1, "", "Error: Operation not permitted\nlist ruleset\n^^^^"))
        .tool("iptables-save", new CommandRunner.Output(4, "", "iptables-save v1.8.9 (nf_tables): Could not fetch rule set "
            + "generation id: Permission denied (you must be root)\n"));
    assertThatThrownBy(() -> new FirewallCollector(context(Path.of("/")), runner).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("'nft -j list ruleset' exited with 1: Error: Operation not permitted; 'iptables-save' exited with 4: "
            + "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)");
  }

  @Test
  void unreadableNftJsonIsAFailureToo() {
    FakeRunner runner = new FakeRunner().tool("nft", new CommandRunner.Output(0, "{\"nftables\": [", ""));
    assertThatThrownBy(() -> new FirewallCollector(context(Path.of("/")), runner).collect())
        .hasMessageStartingWith("nft -j list ruleset: malformed JSON at line 1, column 15: Unexpected end-of-input");
  }

  @Test
  void aToolThatFailsWhileAnotherWorksIsAProblemNotAFailure() throws Exception {
    FakeRunner runner = new FakeRunner()
        .tool("nft", new CommandRunner.Output(0, "", ""))
        .tool("iptables-save", new IOException("'/fake/iptables-save' did not finish within 10000 ms and was killed"));
    FirewallCollector collector = new FirewallCollector(context(Path.of("/")), runner);

    assertThat(items(collector.collect())).isEmpty(); // nothing loaded: an empty snapshot
    assertThat(collector.problems()).containsExactly(
        "cannot run 'iptables-save': '/fake/iptables-save' did not finish within 10000 ms and was killed");
  }

  @Test
  void withoutToolsTheLiveRootFallsBackToItsSavedRules() throws Exception {
    FirewallCollector collector = new FirewallCollector(context(Path.of("/")), new FakeRunner());
    boolean saved = List.of("/etc/nftables.conf", "/etc/iptables/rules.v4", "/etc/iptables/rules.v6",
        "/etc/sysconfig/iptables", "/etc/sysconfig/ip6tables").stream().anyMatch(p -> Files.isRegularFile(Path.of(p)));
    if (saved) {
      assertThat(items(collector.collect())).allSatisfy(r -> assertThat(r.extraDetails().get("Source")).startsWith("/etc/"));
    } else {
      assertThatThrownBy(collector::collect).hasMessage("no nft or iptables-save on PATH and no saved rules under /etc");
    }
  }

  /** A runner that knows some tools under /fake and answers each with a canned output or failure. */
  static final class FakeRunner implements CommandRunner {
    private final Map<String, Object> answers = new java.util.LinkedHashMap<>();
    final List<List<String>> commands = new ArrayList<>();

    FakeRunner tool(String name, Object answer) {
      answers.put(name, answer);
      return this;
    }

    @Override
    public Optional<String> locate(String tool) {
      return answers.containsKey(tool) ? Optional.of("/fake/" + tool) : Optional.empty();
    }

    @Override
    public Output run(List<String> command) throws IOException {
      commands.add(command);
      Object answer = answers.get(command.getFirst().substring("/fake/".length()));
      if (answer instanceof IOException e) {
        throw e;
      }
      return (Output) answer;
    }
  }

  private static CommandRunner failingRunner() {
    return new CommandRunner() {
      @Override
      public Optional<String> locate(String tool) {
        throw new AssertionError("a non-live root must not look for tools");
      }

      @Override
      public Output run(List<String> command) {
        throw new AssertionError("a non-live root must not run tools");
      }
    };
  }
}
