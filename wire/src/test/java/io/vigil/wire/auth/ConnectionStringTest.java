package io.vigil.wire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionStringTest {
  private static final String KEY = "c2VjcmV0LWtleS0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1";

  @Test
  void roundTrips() {
    String text = "HostName=localhost;DeviceId=gw-1;SharedAccessKey=" + KEY + ";Port=1883;Tls=false";
    ConnectionString cs = ConnectionString.parse(text);
    assertThat(cs.hostName()).isEqualTo("localhost");
    assertThat(cs.port()).isEqualTo(1883);
    assertThat(cs.tls()).isFalse();
    assertThat(cs.toString()).isEqualTo(text);
    assertThat(cs.redacted()).doesNotContain(KEY).contains("SharedAccessKey=***");
  }

  @Test
  void defaultsToTlsOn8883() {
    ConnectionString cs = ConnectionString.parse("HostName=hub.example;DeviceId=d;SharedAccessKey=" + KEY);
    assertThat(cs.port()).isEqualTo(8883);
    assertThat(cs.tls()).isTrue();
  }

  @Test
  void badStringsSayWhatAndNeverEchoTheKey() {
    assertThatThrownBy(() -> ConnectionString.parse("")).hasMessage("connection string is empty");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;SharedAccessKey=" + KEY))
        .hasMessage("connection string: DeviceId is missing");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=" + KEY + ";Foo=1"))
        .hasMessageStartingWith("connection string: unknown key 'Foo'");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=not base64!"))
        .hasMessage("connection string: SharedAccessKey is not valid base64");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=" + KEY + ";Port=x"))
        .hasMessage("connection string: Port 'x' is not a number");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=hub.example;DeviceId=d;SharedAccessKey=" + KEY + ";Tls=false"))
        .hasMessage("connection string: Tls=false is allowed only for a loopback host, not 'hub.example'");
    assertThatThrownBy(() -> ConnectionString.parse("garbage" + KEY))
        .hasMessage("connection string: 'garbagec2VjcmV0LWtle...' is not Key=Value");
  }
}
