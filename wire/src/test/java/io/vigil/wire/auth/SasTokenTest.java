package io.vigil.wire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SasTokenTest {
  private static final String KEY = "c2VjcmV0LWtleS0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1";

  @Test
  void signsAsIotHubDoes() {
    // Reference value computed independently (Python hmac): HMAC-SHA256(base64dec(KEY), "hub.local%2Fdevices%2Fgw-1\n1700000000").
    SasToken token = SasToken.sign("hub.local/devices/gw-1", KEY, Instant.ofEpochSecond(1700000000));
    assertThat(token.toString()).isEqualTo(
        "SharedAccessSignature sr=hub.local%2Fdevices%2Fgw-1&sig=NowFL%2BK8xh3J21U%2FbquFZAlpLiAU47A2QUsqc8KuIEk%3D&se=1700000000");
    SasToken parsed = SasToken.parse(token.toString());
    assertThat(parsed).isEqualTo(token);
    assertThat(parsed.signedWith(KEY)).isTrue();
    assertThat(parsed.signedWith("b3RoZXIta2V5")).isFalse();
    assertThat(parsed.expiredAt(Instant.ofEpochSecond(1700000000))).isTrue();
    assertThat(parsed.expiredAt(Instant.ofEpochSecond(1699999999))).isFalse();
  }

  @Test
  void acceptsTokensAsTheAzureIotJavaDeviceSdkMakesThem() {
    // Made by iot-device-client 2.5.0 (new IotHubSasToken("hub.local", id, KEY, null, null, 1700000000L)): sr is sent
    // and signed without encoding, but for the path segments (gw:1 is gw%3A1), and the fields come in another order.
    SasToken plain = SasToken.parse(
        "SharedAccessSignature sig=pxF3iYX6d5e6pPciw5m7%2BXJyS%2Fng18v4i0%2FkBda%2FwF4%3D&se=1700000000&sr=hub.local/devices/gw-1");
    assertThat(plain.resourceUri()).isEqualTo("hub.local/devices/gw-1");
    assertThat(plain.signedWith(KEY)).isTrue();
    assertThat(plain.signedWith("b3RoZXIta2V5")).isFalse();
    SasToken escaped = SasToken.parse(
        "SharedAccessSignature sig=yK4tnopb%2FSGjsxpTsm0%2FMnuUs%2FVKiUC91hHwusRUE0M%3D&se=1700000000&sr=hub.local/devices/gw%3A1");
    assertThat(escaped.resourceUri()).isEqualTo("hub.local/devices/gw:1");
    assertThat(escaped.signedWith(KEY)).isTrue();
    assertThat(new SasToken("hub.local/devices/gw:2", escaped.signature(), escaped.expiry()).signedWith(KEY)).isFalse();
    assertThat(new SasToken("hub.local/devices/gw-1", plain.signature(), Instant.ofEpochSecond(1700000001)).signedWith(KEY)).isFalse();
  }

  @Test
  void tamperedResourceFailsVerification() {
    SasToken token = SasToken.sign("hub.local/devices/gw-1", KEY, Instant.ofEpochSecond(1700000000));
    SasToken other = new SasToken("hub.local/devices/gw-2", token.signature(), token.expiry());
    assertThat(other.signedWith(KEY)).isFalse();
  }

  @Test
  void malformedTokensSayWhy() {
    assertThatThrownBy(() -> SasToken.parse("Bearer x")).hasMessage("SAS token must start with 'SharedAccessSignature '");
    assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr=a&sig=b"))
        .hasMessage("SAS token needs sr, sig and se; it has [sr, sig]");
    assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr=a&sig=b&se=soon"))
        .hasMessage("SAS token se 'soon' is not epoch seconds");
    assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr"))
        .hasMessage("SAS token field 'sr' is not key=value");
  }
}
