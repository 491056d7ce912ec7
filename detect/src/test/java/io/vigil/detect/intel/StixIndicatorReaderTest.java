package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StixIndicatorReaderTest {
  private static FeedResult bundle() throws IOException {
    try (var in = StixIndicatorReaderTest.class.getResourceAsStream("StixIndicatorReaderTest/bundle.json")) {
      return Feeds.readStixBundle("bundle.json", new InputStreamReader(in, StandardCharsets.UTF_8));
    }
  }

  @Test
  void indicatorsLoadWithSourceConfidenceExpiryAndTags() throws IOException {
    Instant until = Instant.parse("2027-01-31T00:00:00Z");
    assertThat(bundle().indicators()).containsExactly(
        new Indicator(IndicatorType.IP, "203.0.113.0/24", "Example CERT", 85, until, List.of("malicious-activity", "c2", "botnet")),
        new Indicator(IndicatorType.DOMAIN, "evil.example", "Example CERT", 50, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.URL, "http://evil.example/x.sh", "Example CERT", 50, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.SHA256, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f", "bundle.json", 50,
            Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.IP, "2001:db8:bad::/48", "bundle.json", 50, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.IP, "198.51.100.1", "bundle.json", 50, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.IP, "198.51.100.2", "bundle.json", 50, Indicator.NEVER, List.of()),
        // Expired already; it loads, and the store leaves it out of answers after valid_until.
        new Indicator(IndicatorType.URL, "https://old.example/payload", "bundle.json", 50, Instant.parse("2025-06-01T00:00:00Z"), List.of()));
  }

  @Test
  void badIndicatorsAreReportedWithTheirIdAndTheOthersStillLoad() throws IOException {
    FeedResult result = bundle();
    assertThat(result.problems()).extracting(FeedProblem::toString).containsExactly(
        "bundle.json: indicator--1234abcd-0000-4000-8000-000000000006: pattern '[x:y = 1]' is not supported (supported: "
            + "ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, file:hashes.'SHA-256')",
        "bundle.json: indicator--1234abcd-0000-4000-8000-000000000007: pattern '[network-traffic:dst_ref.type = 'ipv4-addr'"
            + " AND network-traffic:dst_ref.value = '203.0.113.9']' is not supported: 'AND' joins comparisons that must all hold;"
            + " only OR can be matched value by value",
        "bundle.json: indicator--1234abcd-0000-4000-8000-000000000008: pattern_type 'snort' is not supported (supported: stix)",
        "bundle.json: indicator--1234abcd-0000-4000-8000-000000000010: 'not-an-ip' is not an IPv4/IPv6 address or CIDR",
        "bundle.json: indicator--1234abcd-0000-4000-8000-000000000011: pattern '[ipv4-addr:value = '203.0.113.9'' is not valid"
            + " STIX patterning: expected ']' at character 33 (at the end)",
        "bundle.json: indicator--1234abcd-0000-4000-8000-000000000012: confidence 150 is not an integer from 0 to 100",
        "bundle.json: /objects/14: has no pattern string");
    assertThat(result.skipped()).isEqualTo(Map.of(
        "revoked STIX indicator", 1,
        "STIX comparison on another property beside supported ones", 1));
  }

  @Test
  void whatIsNotABundleLoadsNothingAndSaysSo() throws IOException {
    assertThat(Feeds.readStixBundle("x.json", new StringReader("{\"type\": \"indicator\"}")).problems())
        .extracting(FeedProblem::toString)
        .containsExactly("x.json: not a STIX 2.1 bundle (expected an object with \"type\": \"bundle\" and an \"objects\" array)");
    FeedResult broken = Feeds.readStixBundle("x.json", new StringReader("{\"type\": \"bundle\",\n \"objects\": [ {,] }"));
    assertThat(broken.indicators()).isEmpty();
    assertThat(broken.problems()).singleElement().asString()
        .startsWith("x.json: malformed JSON at line 2, column 16: Unexpected character (',' (code 44))");
    assertThat(Feeds.readStixBundle("x.json", new StringReader("{} {}")).problems()).singleElement().asString()
        .isEqualTo("x.json: malformed JSON at line 1, column 4: more content after the document's end");
    assertThat(Feeds.readStixBundle("x.json", new StringReader(" ")).problems()).singleElement().asString()
        .isEqualTo("x.json: malformed JSON at line 1, column 1: the document is empty");
  }

  @Test
  void anObjectThatIsNotAnObjectIsReportedByItsPointer() throws IOException {
    FeedResult result = Feeds.readStixBundle("x.json", new StringReader("""
        {"type": "bundle", "objects": [42, {"type": "indicator", "id": "indicator--1", "pattern": "[url:value = 'http://a.example/']"}]}"""));
    assertThat(result.indicators()).extracting(Indicator::value).containsExactly("http://a.example/");
    assertThat(result.problems()).extracting(FeedProblem::toString).containsExactly("x.json: /objects/0: not a JSON object");
  }
}
