package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MispIndicatorReaderTest {
  private static final List<String> EVENT_TAGS = List.of("tlp:white", "misp:confidence-level=\"usually-confident\"");

  private static FeedResult event() throws IOException {
    try (var in = MispIndicatorReaderTest.class.getResourceAsStream("MispIndicatorReaderTest/event.json")) {
      return Feeds.readMispEvent("event.json", new InputStreamReader(in, StandardCharsets.UTF_8));
    }
  }

  private static Indicator ind(IndicatorType type, String value, int confidence, List<String> tags) {
    return new Indicator(type, value, "Example CERT", confidence, Indicator.NEVER, tags);
  }

  @Test
  void attributesForDetectionLoadWithTheCreatorAsSource() throws IOException {
    List<String> domainTags = List.of("tlp:white", "misp:confidence-level=\"usually-confident\"",
        "misp:confidence-level=\"completely-confident\"", "c2");
    assertThat(event().indicators()).containsExactly(
        ind(IndicatorType.IP, "203.0.113.5", 75, EVENT_TAGS),
        ind(IndicatorType.IP, "198.51.100.7", 75, EVENT_TAGS),
        ind(IndicatorType.DOMAIN, "evil.example", 100, domainTags),
        ind(IndicatorType.DOMAIN, "c2.other.example", 75, EVENT_TAGS),
        ind(IndicatorType.DOMAIN, "x.example", 75, EVENT_TAGS),
        ind(IndicatorType.IP, "192.0.2.9", 75, EVENT_TAGS),
        ind(IndicatorType.URL, "http://evil.example/bins/x86", 75, EVENT_TAGS),
        ind(IndicatorType.SHA256, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f", 75, EVENT_TAGS),
        ind(IndicatorType.SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 75, EVENT_TAGS),
        ind(IndicatorType.IP, "203.0.113.14", 75, EVENT_TAGS),
        ind(IndicatorType.DOMAIN, "obj.example", 75, EVENT_TAGS));
  }

  @Test
  void badAttributesAreReportedWithTheirUuidAndTheOthersStillLoad() throws IOException {
    FeedResult result = event();
    assertThat(result.problems()).extracting(FeedProblem::toString).containsExactly(
        "event.json: attribute 5c4f2a1e-0000-4000-8000-00000000a008: type 'md5' is not supported (supported: ip-dst, ip-src,"
            + " ip-dst|port, ip-src|port, domain, hostname, hostname|port, domain|ip, url, sha256, filename|sha256, port)",
        "event.json: attribute 5c4f2a1e-0000-4000-8000-00000000a011: 'not-an-ip' is not an IPv4/IPv6 address or CIDR",
        "event.json: attribute 5c4f2a1e-0000-4000-8000-00000000a012: value '203.0.113.7' of type 'ip-dst|port' has no '|'",
        "event.json: /Event/Attribute/13: has no value string");
    assertThat(result.skipped()).isEqualTo(Map.of("MISP attribute with to_ids false", 2, "deleted MISP attribute", 1));
  }

  @Test
  void restResponsesListsAndBareEventsAreRead() throws IOException {
    String attribute = "{\"type\": \"domain\", \"to_ids\": true, \"value\": \"a.example\"}";
    FeedResult response = Feeds.readMispEvent("r.json", new StringReader(
        "{\"response\": [{\"Event\": {\"Org\": {\"name\": \"Org A\"}, \"Attribute\": [" + attribute + "]}}, {\"Other\": 1}]}"));
    assertThat(response.indicators()).containsExactly(new Indicator(IndicatorType.DOMAIN, "a.example", "Org A", 50, Indicator.NEVER, List.of()));
    assertThat(response.problems()).extracting(FeedProblem::toString)
        .containsExactly("r.json: /response/1: not a MISP event (expected an object with an \"Event\")");

    FeedResult list = Feeds.readMispEvent("l.json", new StringReader("[{\"Event\": {\"Attribute\": [" + attribute + "]}}]"));
    assertThat(list.indicators()).extracting(Indicator::source).containsExactly("l.json");

    FeedResult bare = Feeds.readMispEvent("b.json", new StringReader("{\"Attribute\": [" + attribute + ", 7]}"));
    assertThat(bare.indicators()).hasSize(1);
    assertThat(bare.problems()).extracting(FeedProblem::toString).containsExactly("b.json: /Attribute/1: not a JSON object");

    assertThat(Feeds.readMispEvent("n.json", new StringReader("\"text\"")).problems()).extracting(FeedProblem::toString)
        .containsExactly("n.json: not a MISP event (expected an object with an \"Event\")");
    assertThat(Feeds.readMispEvent("m.json", new StringReader("{\"Event\": ")).problems()).singleElement().asString()
        .startsWith("m.json: malformed JSON at line 1");
  }
}
