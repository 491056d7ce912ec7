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
    assertThat(or.anchors()).containsExactly(new Anchors.Anchor("Image", false, "/xmrig"), new Anchors.Anchor("Image", false, "/minerd"),
        new Anchors.Anchor("CommandLine", false, "stratum+tcp"));
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
}
