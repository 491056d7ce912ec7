package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The literal prefilter: which rules an event gets evaluated against. */
class SigmaPrefilterTest {
  @Test
  void ahoCorasickFindsEveryLiteralIncludingOverlapsAndSuffixes() {
    AhoCorasick ac = new AhoCorasick(List.of("he", "she", "his", "hers", "xmrig", "é/ü"));
    List<Integer> hits = new ArrayList<>();
    ac.search("ushers xmrig é/ü", hits::add);
    assertThat(hits).containsExactlyInAnyOrder(1, 0, 3, 4, 5);
    hits.clear();
    ac.search("nothing here but hi", hits::add);
    assertThat(hits).containsExactly(0);
  }

  private static Anchors anchorsOf(String detection) {
    return InlineRules.of(InlineRules.rule(detection)).detection(0).anchors();
  }

  @Test
  void aSelectionIsAnchoredByItsMostSelectiveField() {
    Anchors a = anchorsOf("""
        sel:
          Image|endswith: /sh
          CommandLine|contains: /dev/tcp/
          User: root
        condition: sel
        """);
    assertThat(a.anchors()).containsExactly(new Anchors.Anchor("User", true, "root"));
    Anchors substrings = anchorsOf("""
        sel:
          Image|endswith: /sh
          CommandLine|contains: /dev/tcp/
        condition: sel
        """);
    assertThat(substrings.anchors()).containsExactly(new Anchors.Anchor("CommandLine", false, "/dev/tcp/"));
  }

  @Test
  void alternativesNeedAnchorsEachAndNegationsHaveNone() {
    Anchors or = anchorsOf("""
        a:
          Image|endswith: ['/xmrig', '/minerd']
        b:
          CommandLine|contains|cased: 'Stratum+TCP'
        condition: a or b
        """);
    assertThat(or.anchors()).containsExactlyInAnyOrder(new Anchors.Anchor("Image", Anchors.Kind.SUFFIX, "/xmrig"),
        new Anchors.Anchor("Image", Anchors.Kind.SUFFIX, "/minerd"), new Anchors.Anchor("CommandLine", false, "stratum+tcp"));
    assertThat(anchorsOf("""
        a:
          Image|endswith: /xmrig
        b:
          CommandLine|re: 'x.*y'
        condition: a or b
        """)).as("a regex gives no literal").isNull();
    assertThat(anchorsOf("""
        filter:
          Image|endswith: /xmrig
        condition: not filter
        """)).isNull();
    assertThat(anchorsOf("""
        a:
          Image: '*ab*'
        condition: a
        """)).as("too short to index").isNull();
    assertThat(anchorsOf("""
        kw:
          - 'xmrig'
        condition: kw
        """).anchors()).containsExactly(new Anchors.Anchor(Anchors.ANY_FIELD, false, "xmrig"));
  }

  @Test
  void onlyRulesWhoseLiteralsTheEventContainsAreCandidates() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      yaml.append("title: r").append(i).append("\nid: r").append(i).append("\nlogsource: {category: process_creation}\n")
          .append("detection: {sel: {CommandLine|contains: 'tool").append(i).append("x'}, condition: sel}\n---\n");
    }
    yaml.append("title: exact\nid: exact\nlogsource: {category: process_creation}\ndetection: {sel: {Image: /bin/Busybox}, condition: sel}\n---\n");
    yaml.append("title: regex\nid: regex\nlogsource: {category: process_creation}\ndetection: {sel: {CommandLine|re: 'zz+'}, condition: sel}\n");
    RuleSet rules = InlineRules.of(yaml.toString());
    LiteralIndex index = new LiteralIndex(java.util.stream.IntStream.range(0, 202).toArray(),
        java.util.stream.IntStream.range(0, 202).mapToObj(i -> rules.detection(i).anchors()).toList());
    BitSet candidates = new BitSet();
    index.candidates(new EventView(Map.of("CommandLine", "run TOOL17X and tool42x", "Image", "/bin/busybox")), candidates);
    assertThat(candidates.stream().mapToObj(i -> rules.detection(i).info().id()).toList()).containsExactly("r17", "r42", "exact", "regex");
    assertThat(rules.match(Map.of("CommandLine", "run TOOL17X and tool42x", "Image", "/bin/busybox"))).containsExactly("r17", "r42", "exact");
  }

  @Test
  void prefixesAndSuffixesOfAnyLengthAnchorAndKeepCaseRules() {
    String yaml = """
        title: w
        id: w
        logsource: {category: process_creation}
        detection: {sel: {Image|endswith: ['/w', '/who']}, condition: sel}
        ---
        title: space
        id: space
        logsource: {category: process_creation}
        detection: {sel: {Image|endswith: ' '}, condition: sel}
        ---
        title: tmp
        id: tmp
        logsource: {category: process_creation}
        detection: {sel: {Image|startswith: '/TMP/'}, condition: sel}
        ---
        title: cased
        id: cased
        logsource: {category: process_creation}
        detection: {sel: {Image|startswith|cased: '/Tmp/'}, condition: sel}
        ---
        title: sigma
        id: sigma
        logsource: {category: process_creation}
        detection: {sel: {Image|endswith|cased: 'Σ'}, condition: sel}
        """;
    RuleSet rules = InlineRules.of(yaml);
    assertThat(rules.detection(0).anchors().anchors()).containsExactly(new Anchors.Anchor("Image", Anchors.Kind.SUFFIX, "/w"),
        new Anchors.Anchor("Image", Anchors.Kind.SUFFIX, "/who"));
    assertThat(rules.detection(1).anchors().anchors()).containsExactly(new Anchors.Anchor("Image", Anchors.Kind.SUFFIX, " "));
    assertThat(rules.detection(3).anchors().anchors()).containsExactly(new Anchors.Anchor("Image", Anchors.Kind.PREFIX, "/tmp/"));
    assertThat(rules.detection(4).anchors()).as("a cased non-ASCII literal may lower-case differently in context").isNull();
    assertThat(rules.match(Map.of("Image", "/usr/bin/W"))).containsExactly("w");
    assertThat(rules.match(Map.of("Image", "/usr/bin/who"))).containsExactly("w");
    assertThat(rules.match(Map.of("Image", "/usr/bin/whoami"))).isEmpty();
    assertThat(rules.match(Map.of("Image", "/usr/bin/sshd "))).containsExactly("space");
    assertThat(rules.match(Map.of("Image", "/tmp/x"))).containsExactly("tmp");
    assertThat(rules.match(Map.of("Image", "/Tmp/x"))).containsExactly("tmp", "cased");
    assertThat(rules.match(Map.of("Image", "/x/ΑΣ"))).containsExactly("sigma");
    assertThat(rules.match(Map.of("Image", List.of("/bin/ls", "/usr/bin/w")))).as("any value of a multi-valued field").containsExactly("w");
  }

  @Test
  void aRegexJoinsThePrefilterThroughItsAlternativesAndSkipsValuesWithoutThem() {
    RuleSet rules = InlineRules.of("""
        title: shells
        id: shells
        logsource: {category: process_creation}
        detection: {sel: {Image|re: '/(?:ba|da)?sh$'}, condition: sel}
        """);
    assertThat(rules.detection(0).anchors().anchors()).extracting(Anchors.Anchor::literal).containsExactly("/bash", "/dash", "/sh");
    assertThat(rules.match(Map.of("Image", "/bin/bash"))).containsExactly("shells");
    assertThat(rules.match(Map.of("Image", "/bin/SH"))).as("the expression is case-sensitive; only the prefilter is not").isEmpty();
    assertThat(rules.match(Map.of("Image", "/bin/bash2"))).isEmpty();
  }
}
