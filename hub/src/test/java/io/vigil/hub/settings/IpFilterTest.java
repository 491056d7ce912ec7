package io.vigil.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpFilterTest {
  private static InetAddress ip(String s) {
    return InetAddress.ofLiteral(s);
  }

  private static IpRule rule(IpRule.Action a, String cidr) {
    return new IpRule("", a, Cidr.parse(cidr));
  }

  @Test
  void theFirstMatchingRuleDecides() {
    IpFilter f = new IpFilter(List.of(rule(IpRule.Action.ALLOW, "10.1.2.3"), rule(IpRule.Action.DENY, "10.0.0.0/8")), IpRule.Action.ALLOW);
    assertThat(f.refusal(ip("10.1.2.3"))).isEmpty();
    assertThat(f.refusal(ip("10.1.2.4"))).contains("connection from 10.1.2.4 refused by the IP filter (rule deny 10.0.0.0/8)");
    assertThat(f.refusal(ip("192.0.2.1"))).isEmpty();
  }

  @Test
  void theDefaultActionDecidesWhatNoRuleMatches() {
    IpFilter f = new IpFilter(List.of(rule(IpRule.Action.ALLOW, "2001:db8::/32")), IpRule.Action.DENY);
    assertThat(f.refusal(ip("2001:db8:5::1"))).isEmpty();
    assertThat(f.refusal(ip("2001:db9::1"))).contains("connection from 2001:db9:0:0:0:0:0:1 refused by the IP filter (no rule allows it, default deny)");
    assertThat(f.refusal(ip("127.0.0.1"))).isPresent(); // an IPv4 address is never in an IPv6 network
    assertThat(f.refusal(null)).contains("connection from an unknown address refused by the IP filter");
    assertThat(IpFilter.ALLOW_ALL.refusal(null)).isEmpty();
  }

  @Test
  void cidrsAreParsedStrictly() {
    assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
    assertThat(Cidr.parse("::1").toString()).isEqualTo("0:0:0:0:0:0:0:1/128");
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
    assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessage("'example.com' is not an IPv4/IPv6 address or CIDR");
    assertThatThrownBy(() -> Cidr.parse("10.1")).hasMessage("'10.1' is not an IPv4/IPv6 address or CIDR");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessage("'10.0.0.0/x' has prefix /x, which is not between 0 and 32");
    assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessage("'::/129' has prefix /129, which is not between 0 and 128");
  }
}
