package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorTest {
  private static Indicator of(IndicatorType type, String value) {
    return new Indicator(type, value, "test", 50, Indicator.NEVER, List.of());
  }

  private static String canonical(IndicatorType type, String value) {
    return of(type, value).value();
  }

  @Test
  void addressesAndBlocksAreCanonical() {
    assertThat(canonical(IndicatorType.IP, " 198.51.100.7 ")).isEqualTo("198.51.100.7");
    assertThat(canonical(IndicatorType.IP, "198.51.100.7/32")).isEqualTo("198.51.100.7");
    assertThat(canonical(IndicatorType.IP, "198.51.100.0/24")).isEqualTo("198.51.100.0/24");
    assertThat(canonical(IndicatorType.IP, "0.0.0.0/0")).isEqualTo("0.0.0.0/0");
    assertThat(canonical(IndicatorType.IP, "2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
    assertThat(canonical(IndicatorType.IP, "2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(canonical(IndicatorType.IP, "2001:0db8::/32")).isEqualTo("2001:db8::/32");
    assertThat(canonical(IndicatorType.IP, "::")).isEqualTo("::");
    assertThat(canonical(IndicatorType.IP, "::1/128")).isEqualTo("::1");
    assertThat(canonical(IndicatorType.IP, "fe80::1%eth0")).isEqualTo("fe80::1");
    assertThat(canonical(IndicatorType.IP, "1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
    // IPv4-mapped IPv6 is the IPv4 address itself.
    assertThat(canonical(IndicatorType.IP, "::ffff:192.0.2.5")).isEqualTo("192.0.2.5");
    assertThat(canonical(IndicatorType.IP, "::ffff:192.0.2.0/120")).isEqualTo("192.0.2.0/24");
  }

  @Test
  void badAddressesAreRefusedWithTheValue() {
    for (String bad : List.of("not-an-ip", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4/", "1::2::3", ":1::",
        "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3.4/-1", "g::1", "1:2:3:4:5:6:7", "", "١.٢.٣.٤")) {
      assertThatThrownBy(() -> of(IndicatorType.IP, bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'" + bad + "' is not an IPv4/IPv6 address or CIDR");
    }
    assertThatThrownBy(() -> of(IndicatorType.IP, "192.0.2.0/33"))
        .hasMessage("'192.0.2.0/33' is not an IPv4/IPv6 address or CIDR (the prefix length of an IPv4 block is 0 to 32)");
    assertThatThrownBy(() -> of(IndicatorType.IP, "2001:db8::/129"))
        .hasMessage("'2001:db8::/129' is not an IPv4/IPv6 address or CIDR (the prefix length of an IPv6 block is 0 to 128)");
    assertThatThrownBy(() -> of(IndicatorType.IP, "192.0.2.5/24"))
        .hasMessage("'192.0.2.5/24' has bits set past its prefix length (the block is 192.0.2.0/24)");
    assertThatThrownBy(() -> of(IndicatorType.IP, "2001:db8::1/64"))
        .hasMessage("'2001:db8::1/64' has bits set past its prefix length (the block is 2001:db8::/64)");
  }

  @Test
  void domainsAreLowerCaseWithoutWildcardOrTrailingDot() {
    assertThat(canonical(IndicatorType.DOMAIN, "Evil.EXAMPLE.")).isEqualTo("evil.example");
    assertThat(canonical(IndicatorType.DOMAIN, "*.nanopool.org")).isEqualTo("nanopool.org");
    assertThat(canonical(IndicatorType.DOMAIN, "_dmarc.x-y.example")).isEqualTo("_dmarc.x-y.example");
    assertThat(canonical(IndicatorType.DOMAIN, "bücher.example")).isEqualTo("xn--bcher-kva.example");
    assertThatThrownBy(() -> of(IndicatorType.DOMAIN, "exa mple.com")).hasMessage("'exa mple.com' is not a domain name");
    assertThatThrownBy(() -> of(IndicatorType.DOMAIN, "a..example")).hasMessage("'a..example' is not a domain name");
    assertThatThrownBy(() -> of(IndicatorType.DOMAIN, "x".repeat(64) + ".example")).hasMessageEndingWith("is not a domain name");
    assertThatThrownBy(() -> of(IndicatorType.DOMAIN, "com"))
        .hasMessage("'com' is not a domain name of at least two labels (one label would match a whole top-level domain)");
    assertThatThrownBy(() -> of(IndicatorType.DOMAIN, "192.0.2.1"))
        .hasMessage("'192.0.2.1' is an IP address, not a domain name (use type ip)");
  }

  @Test
  void urlsAreCanonical() {
    assertThat(canonical(IndicatorType.URL, "HTTP://User:Pw@Evil.Example:80/Path/X.sh?a=B#frag"))
        .isEqualTo("http://evil.example/Path/X.sh?a=B");
    assertThat(canonical(IndicatorType.URL, "https://evil.example")).isEqualTo("https://evil.example/");
    assertThat(canonical(IndicatorType.URL, "https://evil.example:8443?q")).isEqualTo("https://evil.example:8443/?q");
    assertThat(canonical(IndicatorType.URL, "http://[2001:DB8::1]:80/x")).isEqualTo("http://[2001:db8::1]/x");
    assertThat(canonical(IndicatorType.URL, "tftp://192.0.2.1/bins/x")).isEqualTo("tftp://192.0.2.1/bins/x");
    for (String bad : List.of("evil.example/x", "http:/evil.example", "http://", "http://evil example/", "1http://x.example/",
        "http://evil.example:99999/", "http://[zz::1]/", "http://ev!l.example/")) {
      assertThatThrownBy(() -> of(IndicatorType.URL, bad)).as(bad)
          .hasMessage("'" + bad + "' is not an absolute URL (scheme://host/path)");
    }
  }

  @Test
  void hashesAndPorts() {
    String hash = "275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F";
    assertThat(canonical(IndicatorType.SHA256, hash)).isEqualTo(hash.toLowerCase());
    assertThatThrownBy(() -> of(IndicatorType.SHA256, "abc")).hasMessage("'abc' is not a SHA-256 hash (64 hex digits)");
    assertThatThrownBy(() -> of(IndicatorType.SHA256, "g".repeat(64))).hasMessageEndingWith("is not a SHA-256 hash (64 hex digits)");
    assertThat(canonical(IndicatorType.PORT, "03333")).isEqualTo("3333");
    for (String bad : List.of("0", "65536", "http", "-1", "123456")) {
      assertThatThrownBy(() -> of(IndicatorType.PORT, bad)).hasMessage("'" + bad + "' is not a port number (1 to 65535)");
    }
  }

  @Test
  void fieldsAreChecked() {
    assertThatThrownBy(() -> new Indicator(IndicatorType.IP, "192.0.2.1", "s", 101, Indicator.NEVER, List.of()))
        .hasMessage("confidence must be from 0 to 100, was 101");
    assertThatThrownBy(() -> new Indicator(IndicatorType.IP, "192.0.2.1", " ", 1, Indicator.NEVER, List.of()))
        .hasMessage("source must not be blank");
    Indicator i = new Indicator(IndicatorType.IP, "192.0.2.1", " src ", 0, Instant.parse("2027-01-01T00:00:00Z"),
        List.of(" c2 ", "", "c2", "botnet"));
    assertThat(i.source()).isEqualTo("src");
    assertThat(i.tags()).containsExactly("c2", "botnet");
    assertThat(i.activeAt(Instant.parse("2026-12-31T23:59:59Z"))).isTrue();
    assertThat(i.activeAt(Instant.parse("2027-01-01T00:00:00Z"))).isFalse();
    assertThat(IndicatorType.fromFeedName(" SHA256 ")).isEqualTo(IndicatorType.SHA256);
    assertThatThrownBy(() -> IndicatorType.fromFeedName("md5"))
        .hasMessage("type 'md5' is not supported (supported: ip, domain, url, sha256, port)");
  }
}
