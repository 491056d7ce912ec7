package io.vigil.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How endpoints are aggregated, and that the item kinds never collide by text. */
class ItemsTest {
  @Test
  void prefixesAreSlash24AndSlash64AndNothingForANonAddress() {
    assertThat(Items.prefix("192.0.2.77")).isEqualTo("192.0.2.0/24");
    assertThat(Items.prefix("2001:db8:1:2::7")).isEqualTo("2001:db8:1:2::/64");
    assertThat(Items.prefix("2001:0db8:0001:0002:ffff:0:0:1")).isEqualTo("2001:db8:1:2::/64");
    assertThat(Items.prefix("::1")).isEqualTo("0:0:0:0::/64");
    assertThat(Items.prefix("broker.example.com")).isNull();
    assertThat(Items.prefix("1.2.3")).isNull();
    assertThat(Items.endpointPrefix("not-an-ip", "443")).isZero();
  }

  @Test
  void theSameAddressWrittenDifferentlyIsOneEndpoint() {
    assertThat(Items.endpoint("::ffff:192.0.2.1", "443")).isEqualTo(Items.endpoint("192.0.2.1", "443"));
    assertThat(Items.endpointPrefix("2001:db8:1:2::7", "443")).isEqualTo(Items.endpointPrefix("[2001:DB8:1:2:0:0:0:9]", "443"));
  }

  @Test
  void kindsAreSeparate() {
    assertThat(Items.executable("root")).isNotEqualTo(Items.user("root"));
  }
}
