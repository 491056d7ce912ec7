package io.vigil.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpMaskerTest {
  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  private final IpMasker prefix = IpMasker.of(new IpMasking(IpMasking.Mode.PREFIX, 24, 48), KEY);
  private final IpMasker hash = IpMasker.of(new IpMasking(IpMasking.Mode.HASH, 24, 48), KEY);

  @Test
  void prefixZeroesTheHostBitsOfEveryAddressInText() {
    assertThat(prefix.text("192.0.2.77")).isEqualTo("192.0.2.0");
    assertThat(prefix.text("2001:db8:1:2::5")).isEqualTo("2001:db8:1:0:0:0:0:0");
    assertThat(prefix.text("Outbound connection from /usr/bin/curl (pid 42) to 203.0.113.7:443/TCP, then ::1 and fe80::1%eth0"))
        .isEqualTo("Outbound connection from /usr/bin/curl (pid 42) to 203.0.113.0:443/TCP, then 0:0:0:0:0:0:0:0 and fe80:0:0:0:0:0:0:0%eth0");
    assertThat(IpMasker.of(new IpMasking(IpMasking.Mode.PREFIX, 16, 64), KEY).text("10.1.2.3")).isEqualTo("10.1.0.0");
  }

  @Test
  void whatIsNotAnAddressIsLeftAlone() {
    for (String s : new String[] {"1.2.3", "v1.2.3.4.5", "10:30:00", "2026-11-22T10:00:00Z", "999.1.1.1", "dead:beef", "443", "a1.2.3.4"}) {
      assertThat(prefix.text(s)).as(s).isEqualTo(s);
    }
  }

  @Test
  void hashIsKeyedStableAndHidesTheAddress() {
    String h = hash.text("192.0.2.77");
    assertThat(h).matches("hmac:[0-9a-f]{20}").isEqualTo(hash.text("192.0.2.77")).isNotEqualTo(hash.text("192.0.2.78"));
    byte[] other = KEY.clone();
    other[0] = 1;
    assertThat(IpMasker.of(new IpMasking(IpMasking.Mode.HASH, 24, 48), other).text("192.0.2.77")).isNotEqualTo(h);
    assertThat(hash.toString()).doesNotContain("7, 7");
    assertThatThrownBy(() -> IpMasker.of(new IpMasking(IpMasking.Mode.HASH, 24, 48), new byte[4]))
        .hasMessage("the IP hash key must have at least 16 bytes, has 4");
  }

  @Test
  void jsonDocumentsAndMapsAreMaskedValueByValue() {
    assertThat(prefix.json("{\"RemoteAddress\":\"198.51.100.9\",\"RemotePort\":\"443\",\"Nested\":[{\"Ip\":\"10.0.0.1\"}],\"N\":5}"))
        .isEqualTo("{\"RemoteAddress\":\"198.51.100.0\",\"RemotePort\":\"443\",\"Nested\":[{\"Ip\":\"10.0.0.0\"}],\"N\":5}");
    assertThat(prefix.values(Map.of("Reason", "from 10.0.0.9"))).containsEntry("Reason", "from 10.0.0.0");
    assertThat(IpMasker.none().json("{\"a\":\"10.0.0.1\"}")).isEqualTo("{\"a\":\"10.0.0.1\"}");
    assertThatThrownBy(() -> prefix.json("{oops")).hasMessageStartingWith("cannot mask the IP addresses of a document that is not JSON: ");
  }
}
