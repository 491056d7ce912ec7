package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorStoreTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static Indicator ind(IndicatorType type, String value) {
    return new Indicator(type, value, "src-" + value, 50, Indicator.NEVER, List.of());
  }

  private static List<String> values(List<Indicator> found) {
    return found.stream().map(Indicator::value).toList();
  }

  @Test
  void ipv4BlocksMatchExactlyTheirRange() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.IP, "198.51.100.0/24"), ind(IndicatorType.IP, "203.0.113.7"),
        ind(IndicatorType.IP, "10.0.0.0/8")));
    assertThat(values(store.matchAddress("198.51.100.0", T))).containsExactly("198.51.100.0/24");
    assertThat(values(store.matchAddress("198.51.100.255", T))).containsExactly("198.51.100.0/24");
    assertThat(store.matchAddress("198.51.99.255", T)).isEmpty();
    assertThat(store.matchAddress("198.51.101.0", T)).isEmpty();
    assertThat(values(store.matchAddress("203.0.113.7", T))).containsExactly("203.0.113.7");
    assertThat(store.matchAddress("203.0.113.6", T)).isEmpty();
    assertThat(store.matchAddress("203.0.113.8", T)).isEmpty();
    assertThat(values(store.matchAddress("10.255.255.255", T))).containsExactly("10.0.0.0/8");
    assertThat(store.matchAddress("11.0.0.0", T)).isEmpty();
    assertThat(store.matchAddress("9.255.255.255", T)).isEmpty();
    // A dual-stack socket reports IPv4 peers in their IPv4-mapped form.
    assertThat(values(store.matchAddress("::ffff:198.51.100.9", T))).containsExactly("198.51.100.0/24");
  }

  @Test
  void blocksAroundSlash16BoundariesMatchExactlyTheirRange() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.IP, "172.16.0.0/16"), ind(IndicatorType.IP, "172.16.0.0/12"),
        ind(IndicatorType.IP, "100.64.0.0/15"), ind(IndicatorType.IP, "100.66.255.255")));
    assertThat(values(store.matchAddress("172.16.255.255", T))).containsExactly("172.16.0.0/16", "172.16.0.0/12");
    assertThat(values(store.matchAddress("172.17.0.0", T))).containsExactly("172.16.0.0/12");
    assertThat(values(store.matchAddress("172.31.255.255", T))).containsExactly("172.16.0.0/12");
    assertThat(store.matchAddress("172.32.0.0", T)).isEmpty();
    assertThat(store.matchAddress("172.15.255.255", T)).isEmpty();
    assertThat(values(store.matchAddress("100.65.255.255", T))).containsExactly("100.64.0.0/15");
    assertThat(store.matchAddress("100.66.0.0", T)).isEmpty();
    assertThat(values(store.matchAddress("100.66.255.255", T))).containsExactly("100.66.255.255");
    assertThat(store.matchAddress("100.63.255.255", T)).isEmpty();
  }

  @Test
  void ipv6BlocksMatchExactlyTheirRange() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.IP, "2001:db8:bad::/48"),
        ind(IndicatorType.IP, "2001:db8:0:1::/127"), ind(IndicatorType.IP, "2001:db8::5")));
    assertThat(values(store.matchAddress("2001:db8:bad::", T))).containsExactly("2001:db8:bad::/48");
    assertThat(values(store.matchAddress("2001:db8:bad:ffff:ffff:ffff:ffff:ffff", T))).containsExactly("2001:db8:bad::/48");
    assertThat(store.matchAddress("2001:db8:bae::", T)).isEmpty();
    assertThat(store.matchAddress("2001:db8:bac:ffff:ffff:ffff:ffff:ffff", T)).isEmpty();
    // /127 holds two addresses, across the 64-bit halves' boundary of the key.
    assertThat(values(store.matchAddress("2001:db8:0:1::", T))).containsExactly("2001:db8:0:1::/127");
    assertThat(values(store.matchAddress("2001:db8:0:1::1", T))).containsExactly("2001:db8:0:1::/127");
    assertThat(store.matchAddress("2001:db8:0:1::2", T)).isEmpty();
    assertThat(values(store.matchAddress("2001:DB8:0::5%eth0", T))).containsExactly("2001:db8::5");
    assertThat(store.matchAddress("2001:db8::4", T)).isEmpty();
  }

  @Test
  void everyCoveringBlockMatchesMostSpecificFirst() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.IP, "0.0.0.0/0"), ind(IndicatorType.IP, "192.0.2.0/24"),
        ind(IndicatorType.IP, "192.0.2.128/25"), ind(IndicatorType.IP, "192.0.2.200"), ind(IndicatorType.IP, "::/0")));
    assertThat(values(store.matchAddress("192.0.2.200", T)))
        .containsExactly("192.0.2.200", "192.0.2.128/25", "192.0.2.0/24", "0.0.0.0/0", "::/0");
    assertThat(values(store.matchAddress("192.0.2.1", T))).containsExactly("192.0.2.0/24", "0.0.0.0/0", "::/0");
    assertThat(values(store.matchAddress("2001:db8::1", T))).containsExactly("::/0");
  }

  @Test
  void shortIpv6BlocksThatCoverTheIpv4MappedSpaceMatchIpv4() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.IP, "::/64"), ind(IndicatorType.IP, "::ff00:0:0/88"),
        ind(IndicatorType.IP, "2001:db8::/32"), ind(IndicatorType.IP, "::ffff:192.0.2.0/120")));
    assertThat(values(store.matchAddress("192.0.2.1", T))).containsExactly("192.0.2.0/24", "::ff00:0:0/88", "::/64");
    assertThat(values(store.matchAddress("198.51.100.1", T))).containsExactly("::ff00:0:0/88", "::/64");
    assertThat(values(store.matchAddress("::1", T))).containsExactly("::/64");
    assertThat(values(store.matchAddress("2001:db8::c000:201", T))).containsExactly("2001:db8::/32");
    assertThat(store.matchAddress("2001:db9::", T)).isEmpty();
  }

  @Test
  void whatIsNotAnAddressMatchesNothing() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.IP, "0.0.0.0/0")));
    assertThat(store.matchAddress("evil.example", T)).isEmpty();
    assertThat(store.matchAddress("", T)).isEmpty();
    assertThat(store.matchAddress("1.2.3.4:80", T)).isEmpty();
  }

  @Test
  void domainsMatchThemselvesAndTheirSubdomainsOnly() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.DOMAIN, "evil.example"), ind(IndicatorType.DOMAIN, "*.pool.example")));
    assertThat(values(store.matchDomain("evil.example", T))).containsExactly("evil.example");
    assertThat(values(store.matchDomain("a.evil.example", T))).containsExactly("evil.example");
    assertThat(values(store.matchDomain("x.y.A.Evil.Example.", T))).containsExactly("evil.example");
    assertThat(store.matchDomain("notevil.example", T)).isEmpty();
    assertThat(store.matchDomain("evil.example.com", T)).isEmpty();
    assertThat(store.matchDomain("example", T)).isEmpty();
    assertThat(store.matchDomain("", T)).isEmpty();
    assertThat(values(store.matchDomain("xmr.pool.example", T))).containsExactly("pool.example");
  }

  @Test
  void nestedDomainsMatchClosestFirst() {
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.DOMAIN, "example.net"), ind(IndicatorType.DOMAIN, "c2.example.net")));
    assertThat(values(store.matchDomain("a.c2.example.net", T))).containsExactly("c2.example.net", "example.net");
  }

  @Test
  void urlsHashesAndPortsMatchExactly() {
    String hash = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    IndicatorStore store = IndicatorStore.of(List.of(ind(IndicatorType.URL, "http://evil.example/x.sh"),
        ind(IndicatorType.SHA256, hash), ind(IndicatorType.PORT, "3333")));
    assertThat(store.matchUrl("HTTP://EVIL.example:80/x.sh#top", T)).hasSize(1);
    assertThat(store.matchUrl("http://evil.example/X.sh", T)).isEmpty();
    assertThat(store.matchUrl("http://evil.example/x.sh?y", T)).isEmpty();
    assertThat(store.matchUrl("not a url", T)).isEmpty();
    assertThat(store.matchSha256(hash.toUpperCase(), T)).hasSize(1);
    assertThat(store.matchSha256(hash.substring(1) + "0", T)).isEmpty();
    assertThat(store.matchSha256("short", T)).isEmpty();
    assertThat(store.matchPort(3333, T)).hasSize(1);
    assertThat(store.matchPort(3334, T)).isEmpty();
  }

  @Test
  void expiredIndicatorsNoLongerMatch() {
    Instant expiry = Instant.parse("2026-12-01T00:00:00Z");
    Indicator expiring = new Indicator(IndicatorType.IP, "192.0.2.0/24", "feed", 50, expiry, List.of());
    Indicator lasting = new Indicator(IndicatorType.DOMAIN, "evil.example", "feed", 50, Indicator.NEVER, List.of());
    IndicatorStore store = IndicatorStore.of(List.of(expiring, lasting));
    assertThat(store.matchAddress("192.0.2.1", expiry.minusSeconds(1))).containsExactly(expiring);
    assertThat(store.matchAddress("192.0.2.1", expiry)).isEmpty();
    assertThat(store.matchAddress("192.0.2.1", expiry.plusSeconds(86_400 * 365))).isEmpty();
    assertThat(store.matchDomain("evil.example", Instant.parse("2999-01-01T00:00:00Z"))).containsExactly(lasting);
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void severalSourcesMayShareAValue() {
    Indicator a = new Indicator(IndicatorType.IP, "192.0.2.1", "a", 10, Indicator.NEVER, List.of());
    Indicator b = new Indicator(IndicatorType.IP, "192.0.2.1/32", "b", 90, Indicator.NEVER, List.of());
    Indicator c = new Indicator(IndicatorType.DOMAIN, "evil.example", "a", 10, Indicator.NEVER, List.of());
    Indicator d = new Indicator(IndicatorType.DOMAIN, "EVIL.example", "b", 90, Indicator.NEVER, List.of());
    IndicatorStore store = IndicatorStore.of(List.of(a, b, c, d));
    assertThat(store.matchAddress("192.0.2.1", T)).containsExactly(a, b);
    assertThat(store.matchDomain("evil.example", T)).containsExactly(c, d);
  }

  @Test
  void addressLookupsAgreeWithCheckingEveryBlock() {
    java.util.Random random = new java.util.Random(7);
    List<Indicator> blocks = new java.util.ArrayList<>();
    List<String> probes = new java.util.ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      int length = random.nextInt(33);
      int address = random.nextInt(4) == 0 ? 0x0A000000 | random.nextInt(1 << 20) : random.nextInt();
      int network = length == 0 ? 0 : address & (int) (0xFFFF_FFFFL << (32 - length));
      blocks.add(ind(IndicatorType.IP, v4(network) + "/" + length));
      probes.add(v4(address));
      probes.add(v4(address ^ 1 << random.nextInt(32)));
    }
    blocks.add(ind(IndicatorType.IP, "::/72"));
    blocks.add(ind(IndicatorType.IP, "2001:db8::/32"));
    IndicatorStore store = IndicatorStore.of(blocks);
    // Longest first; a stable sort keeps equal blocks (from random repeats) in the order added.
    List<Indicator> longestFirst = blocks.stream()
        .sorted(java.util.Comparator.comparingInt((Indicator b) -> IpPrefix.parse(b.value()).length()).reversed()).toList();
    IpPrefix[] parsed = longestFirst.stream().map(b -> IpPrefix.parse(b.value())).toArray(IpPrefix[]::new);
    for (String probe : probes) {
      IpPrefix address = IpPrefix.parseAddress(probe);
      List<Indicator> expected = new java.util.ArrayList<>();
      for (int i = 0; i < parsed.length; i++) {
        if (address.masked(parsed[i].length()).equals(parsed[i])) {
          expected.add(longestFirst.get(i));
        }
      }
      assertThat(store.matchAddress(probe, T)).as(probe).containsExactlyElementsOf(expected);
    }
  }

  private static String v4(int a) {
    return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
  }

  @Test
  void manyIndicatorsStillMatchExactly() {
    List<Indicator> many = new java.util.ArrayList<>();
    for (int i = 0; i < 70_000; i++) {
      many.add(ind(IndicatorType.IP, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
      many.add(ind(IndicatorType.DOMAIN, "host" + i + ".example"));
    }
    IndicatorStore store = IndicatorStore.of(many);
    assertThat(store.size()).isEqualTo(140_000);
    assertThat(values(store.matchAddress("10.1.17.111", T))).containsExactly("10.1.17.111");
    assertThat(store.matchAddress("10.1.17.112", T)).isEmpty();
    assertThat(values(store.matchDomain("www.host69999.example", T))).containsExactly("host69999.example");
    assertThat(IndicatorStore.empty().matchAddress("10.0.0.1", T)).isEmpty();
  }
}
