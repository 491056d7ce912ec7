package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Feeds}: the bundled default feed and reading feed files by kind. */
class IntelFeedsTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void theDefaultFeedLoadsCleanly() {
    FeedResult feed = Feeds.defaultFeed();
    assertThat(feed.problems()).isEmpty();
    assertThat(feed.skipped()).isEmpty();
    assertThat(feed.feed()).isEqualTo("default-feed.csv");
    assertThat(feed.indicators()).extracting(Indicator::type).contains(IndicatorType.values());
    assertThat(feed.indicators()).allSatisfy(i -> {
      assertThat(i.source()).startsWith("vigil-default: ");
      assertThat(i.expires()).isEqualTo(Indicator.NEVER);
    });
    // Only documentation ranges and reserved names among the test indicators; every one labelled.
    assertThat(feed.indicators()).filteredOn(i -> i.tags().contains("test-indicator")).extracting(Indicator::value)
        .containsExactly("192.0.2.0/24", "2001:db8:bad::/48", "malicious.vigil-test.example",
            "http://malicious.vigil-test.example/payload.sh", "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f");
    assertThat(feed.indicators()).filteredOn(i -> i.type() == IndicatorType.PORT).extracting(Indicator::value)
        .containsExactly("3333", "4444", "5555", "7777", "14444", "45700");
    assertThat(feed.indicators()).filteredOn(i -> i.type() == IndicatorType.PORT).allSatisfy(i -> assertThat(i.confidence()).isEqualTo(30));
  }

  @Test
  void theDefaultFeedMatchesMiningPoolsAndTestRanges() {
    IndicatorStore store = IndicatorStore.ofFeeds(List.of(Feeds.defaultFeed()));
    assertThat(store.matchDomain("xmr-eu1.nanopool.org", T)).extracting(Indicator::tags).containsExactly(List.of("mining-pool"));
    assertThat(store.matchDomain("nanopool.org.example", T)).isEmpty();
    assertThat(store.matchAddress("192.0.2.77", T)).hasSize(1);
    assertThat(store.matchAddress("192.0.3.1", T)).isEmpty();
    assertThat(store.matchAddress("2001:db8:bad:1::1", T)).hasSize(1);
    assertThat(store.matchPort(14444, T)).hasSize(1);
    assertThat(store.matchPort(443, T)).isEmpty();
  }

  @Test
  void filesAreReadByTheirKind(@TempDir Path dir) throws IOException {
    Path csv = Files.writeString(dir.resolve("list.CSV"), "type,value,source,confidence,expires,tags\nip,192.0.2.1\n");
    Path stix = Files.writeString(dir.resolve("b.json"),
        "{\"type\": \"bundle\", \"objects\": [{\"type\": \"indicator\", \"id\": \"indicator--1\", \"pattern\": \"[ipv4-addr:value = '192.0.2.2']\"}]}");
    Path misp = Files.writeString(dir.resolve("e.json"),
        "{\"Event\": {\"Attribute\": [{\"type\": \"ip-dst\", \"to_ids\": true, \"value\": \"192.0.2.3\"}]}}");
    Path broken = Files.writeString(dir.resolve("x.json"), "{\"Event\": [}");
    Path other = Files.writeString(dir.resolve("x.txt"), "192.0.2.4\n");
    assertThat(Feeds.read(csv).indicators()).extracting(Indicator::value, Indicator::source).containsExactly(
        org.assertj.core.groups.Tuple.tuple("192.0.2.1", "list.CSV"));
    assertThat(Feeds.read(stix).indicators()).extracting(Indicator::value).containsExactly("192.0.2.2");
    assertThat(Feeds.read(misp).indicators()).extracting(Indicator::value).containsExactly("192.0.2.3");
    assertThat(Feeds.read(broken).problems()).singleElement().asString().startsWith("x.json: malformed JSON at line 1, column 12: ");
    assertThat(Feeds.read(other).problems()).extracting(FeedProblem::toString)
        .containsExactly("x.txt: unknown feed kind; expected a .csv file or a .json STIX 2.1 bundle or MISP event");
  }
}
