package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.228.100.167", "192.0.2.1"})
  void ipv4(String text) {
    assertThat(IpLiterals.isIpv4(text)).isTrue();
    assertThat(IpLiterals.isIpv6(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "::", "::1", "1::", "fe80::1", "2001:db8::7", "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:c000:0280",
    "::ffff:192.0.2.128", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "FE80::ABCD",
  })
  void ipv6(String text) {
    assertThat(IpLiterals.isIpv6(text)).isTrue();
    assertThat(IpLiterals.isIp(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4.", " 1.2.3.4", "1.2.3.4 ",
    "localhost", "example.com", "1.2.3.a", "１.2.3.4", "10.0.0.0/8",
    ":", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
    "12345::1", "g::1", "fe80::1%eth0", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", " ::1",
  })
  void notAnIp(String text) {
    assertThat(IpLiterals.isIp(text)).isFalse();
  }
}
