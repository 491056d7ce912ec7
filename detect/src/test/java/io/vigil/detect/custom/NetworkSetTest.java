package io.vigil.detect.custom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** IP lists: addresses and networks of both families, the most specific named. */
class NetworkSetTest {
  private final NetworkSet set = new NetworkSet(List.of("10.0.0.0/8", "10.1.0.0/16", "192.0.2.7", "2001:db8::/32", "0.0.0.0/0",
      "fe80::1/128", "172.16.0.0/12"));

  @Test
  void namesTheMostSpecificNetworkHoldingTheAddress() {
    assertThat(set.match("10.1.2.3")).isEqualTo("10.1.0.0/16");
    assertThat(set.match("10.2.2.3")).isEqualTo("10.0.0.0/8");
    assertThat(set.match("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(set.match("192.0.2.8")).as("only the /0 left").isEqualTo("0.0.0.0/0");
    assertThat(set.match("172.31.255.255")).isEqualTo("172.16.0.0/12");
    assertThat(set.match("::ffff:10.1.0.1")).as("IPv4-mapped").isEqualTo("10.1.0.0/16");
    assertThat(set.match("2001:db8:ffff::1")).isEqualTo("2001:db8::/32");
    assertThat(set.match("fe80::1")).isEqualTo("fe80::1/128");
  }

  @Test
  void missesOtherAddressesAndWhatIsNotAnAddress() {
    NetworkSet v4 = new NetworkSet(List.of("203.0.113.0/24"));
    assertThat(v4.match("203.0.114.1")).isNull();
    assertThat(v4.match("2001:db8::1")).isNull();
    assertThat(v4.match("example.com")).isNull();
    assertThat(v4.match("")).isNull();
    assertThat(set.match("2001:db9::1")).isNull();
  }
}
