package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvIndicatorReaderTest {
  private static FeedResult fixture(String name) throws IOException {
    try (var in = CsvIndicatorReaderTest.class.getResourceAsStream("CsvIndicatorReaderTest/" + name)) {
      return Feeds.readCsv(name, new InputStreamReader(in, StandardCharsets.UTF_8));
    }
  }

  private static FeedResult csv(String text) throws IOException {
    return Feeds.readCsv("inline.csv", new StringReader(text));
  }

  @Test
  void goodRowsLoadWithTheirFields() throws IOException {
    FeedResult result = fixture("feed.csv");
    assertThat(result.feed()).isEqualTo("feed.csv");
    assertThat(result.indicators()).containsExactly(
        new Indicator(IndicatorType.IP, "203.0.113.0/24", "Example CERT", 80, Instant.parse("2027-01-31T00:00:00Z"), List.of("botnet", "c2")),
        new Indicator(IndicatorType.IP, "2001:db8:bad::/48", "Example CERT", 80, Instant.parse("2027-01-31T12:00:00Z"), List.of("c2")),
        new Indicator(IndicatorType.DOMAIN, "evil.example", "feed.csv", 50, Indicator.NEVER, List.of("phishing")),
        new Indicator(IndicatorType.URL, "http://evil.example/x.sh", "Example CERT", 50, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.SHA256, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f", "feed.csv", 100,
            Indicator.NEVER, List.of("eicar", "test")),
        new Indicator(IndicatorType.PORT, "3333", "feed.csv", 30, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.IP, "198.51.100.10", "Quoted Source", 90, Indicator.NEVER, List.of("spaced tag")));
  }

  @Test
  void badRowsAreReportedWithTheirLineAndTheOthersStillLoad() throws IOException {
    FeedResult result = fixture("feed.csv");
    assertThat(result.problems()).extracting(FeedProblem::toString).containsExactly(
        "feed.csv:12: 'not-an-ip' is not an IPv4/IPv6 address or CIDR",
        "feed.csv:13: type 'md5' is not supported (supported: ip, domain, url, sha256, port)",
        "feed.csv:14: 'quoted, with a comma.example' is not a domain name",
        "feed.csv:15: confidence 'high' is not an integer from 0 to 100",
        "feed.csv:16: expires '2027-13-01' is not an ISO-8601 date (2027-01-31) or instant (2027-01-31T00:00:00Z)",
        "feed.csv:17: 7 fields, expected at most 6 (type,value,source,confidence,expires,tags)",
        "feed.csv:18: no value; a line needs at least type and value",
        "feed.csv:19: the quote opened at column 8 is not closed");
    assertThat(result.problems().getFirst().location()).isEqualTo("feed.csv:12");
    assertThat(result.clean()).isFalse();
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void theHeaderMustComeFirst() throws IOException {
    FeedResult noHeader = csv("# comment\nip,192.0.2.1\n");
    assertThat(noHeader.indicators()).isEmpty();
    assertThat(noHeader.problems()).extracting(FeedProblem::toString).containsExactly(
        "inline.csv:2: the first line must be the header 'type,value,source,confidence,expires,tags', was 'ip,192.0.2.1'");
    assertThat(csv("").problems()).extracting(FeedProblem::toString)
        .containsExactly("inline.csv: no header line 'type,value,source,confidence,expires,tags'");
  }

  @Test
  void headerIsCaseAndSpaceInsensitiveAndAByteOrderMarkIsIgnored() throws IOException {
    FeedResult result = csv("\uFEFFType, Value ,SOURCE,confidence,expires,tags\r\nip,192.0.2.1\r\nquote,\"a\"\"b\",,,,\n");
    assertThat(result.indicators()).extracting(Indicator::value).containsExactly("192.0.2.1");
    assertThat(result.problems()).extracting(FeedProblem::toString)
        .containsExactly("inline.csv:3: type 'quote' is not supported (supported: ip, domain, url, sha256, port)");
  }

  @Test
  void quotedFieldsMustEndAtAComma() throws IOException {
    FeedResult result = csv("type,value,source,confidence,expires,tags\nip,\"192.0.2.1\"x,,,,\n");
    assertThat(result.problems()).extracting(FeedProblem::toString)
        .containsExactly("inline.csv:2: unexpected 'x' after the quoted field at column 4");
  }
}
