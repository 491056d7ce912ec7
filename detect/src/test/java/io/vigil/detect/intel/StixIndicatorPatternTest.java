package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.intel.StixIndicatorPattern.Comparison;
import org.junit.jupiter.api.Test;

class StixIndicatorPatternTest {
  private static final String SUPPORTED =
      "(supported: ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, file:hashes.'SHA-256')";

  @Test
  void disjunctionsOfEqualitiesGiveOneComparisonPerValue() {
    assertThat(StixIndicatorPattern.parse("[ipv4-addr:value = '192.0.2.1']").comparisons())
        .containsExactly(new Comparison(IndicatorType.IP, "192.0.2.1"));
    assertThat(StixIndicatorPattern.parse(
        "([domain-name:value = 'a.example' OR (url:value = 'http://a.example/it\\'s')]) OR [file:hashes.SHA256 = 'AB']")
        .comparisons()).containsExactly(
            new Comparison(IndicatorType.DOMAIN, "a.example"),
            new Comparison(IndicatorType.URL, "http://a.example/it's"),
            new Comparison(IndicatorType.SHA256, "AB"));
    assertThat(StixIndicatorPattern.parse("[ipv6-addr:value IN ('2001:db8::1','2001:db8::2')]").comparisons()).hasSize(2);
    assertThat(StixIndicatorPattern.parse("[ipv4-addr:value ISSUBSET '198.51.100.0/24']").comparisons())
        .containsExactly(new Comparison(IndicatorType.IP, "198.51.100.0/24"));
    var mixed = StixIndicatorPattern.parse("[file:hashes.'SHA-1' = 'x' OR file:hashes.'SHA-256' = 'y' OR file:name = 'z']");
    assertThat(mixed.comparisons()).containsExactly(new Comparison(IndicatorType.SHA256, "y"));
    assertThat(mixed.otherProperties()).isEqualTo(2);
  }

  @Test
  void constructsThatNeedSeveralValuesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'a.example']"))
        .hasMessage("pattern '[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'a.example']' is not supported:"
            + " 'FOLLOWEDBY' joins observations that must all be seen; only OR can be matched value by value");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value = '192.0.2.1'] WITHIN 300 SECONDS"))
        .hasMessageEndingWith("is not supported: the qualifier 'WITHIN' needs a time window; only plain comparisons can be matched");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value = '192.0.2.1'] START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'"))
        .hasMessageEndingWith("is not supported: the qualifier 'START' needs a time window; only plain comparisons can be matched");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[domain-name:value NOT = 'a.example']"))
        .hasMessageEndingWith("is not supported: 'NOT' matches everything but a value");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[domain-name:value LIKE '%.example']"))
        .hasMessageEndingWith("is not supported: operator 'LIKE' on domain-name:value (supported: '=' and 'IN', and 'ISSUBSET' for addresses)");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[domain-name:value ISSUBSET 'a.example']"))
        .hasMessageEndingWith("is not supported: operator 'ISSUBSET' on domain-name:value (supported: '=' and 'IN', and 'ISSUBSET' for addresses)");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[EXISTS windows-registry-key:values]"))
        .hasMessageEndingWith("is not supported: 'EXISTS' tests for a property, not a value");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value = h'c0000201']"))
        .hasMessageEndingWith("is not supported: ipv4-addr:value is compared with h'c0000201', not a string");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[x:y = 1]")).hasMessage("pattern '[x:y = 1]' is not supported " + SUPPORTED);
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[file:hashes.MD5 = 'x'] OR [process:pid = 4]"))
        .hasMessage("pattern '[file:hashes.MD5 = 'x'] OR [process:pid = 4]' is not supported " + SUPPORTED);
  }

  @Test
  void syntaxErrorsSayWhereAndWhat() {
    assertThatThrownBy(() -> StixIndicatorPattern.parse("ipv4-addr:value = '1'"))
        .hasMessage("pattern 'ipv4-addr:value = '1'' is not valid STIX patterning: expected '[' or '(' at character 1");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value = '1] "))
        .hasMessage("pattern '[ipv4-addr:value = '1] ' is not valid STIX patterning: the string is not closed at character 20");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value ~ '1']"))
        .hasMessage("pattern '[ipv4-addr:value ~ '1']' is not valid STIX patterning: expected a comparison operator at character 18");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr = '1']"))
        .hasMessage("pattern '[ipv4-addr = '1']' is not valid STIX patterning: expected ':' at character 12");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value = '1'] garbage"))
        .hasMessage("pattern '[ipv4-addr:value = '1'] garbage' is not valid STIX patterning: unexpected 'g' at character 25");
    assertThatThrownBy(() -> StixIndicatorPattern.parse("[ipv4-addr:value = '1'] WITHIN 5 MINUTES"))
        .hasMessage("pattern '[ipv4-addr:value = '1'] WITHIN 5 MINUTES' is not valid STIX patterning: expected 'SECONDS' at character 34");
    assertThatThrownBy(() -> StixIndicatorPattern.parse(""))
        .hasMessage("pattern '' is not valid STIX patterning: expected '[' or '(' at character 1 (at the end)");
  }
}
