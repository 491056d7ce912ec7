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

  @Test
  void x509FormRoundTripsWithoutAKey() {
    String text = "HostName=hub.example;DeviceId=gw-1;x509=true;Port=8884";
    ConnectionString cs = ConnectionString.parse(text);
    assertThat(cs.x509()).isTrue();
    assertThat(cs.sharedAccessKey()).isNull();
    assertThat(cs.tls()).isTrue();
    assertThat(cs.port()).isEqualTo(8884);
    assertThat(cs.toString()).isEqualTo(text);
    assertThat(cs.redacted()).isEqualTo(text);
    assertThat(ConnectionString.x509("hub.example", "gw-1", 8883).toString()).isEqualTo("HostName=hub.example;DeviceId=gw-1;x509=true");
    assertThat(ConnectionString.parse("HostName=h;DeviceId=d;x509=TRUE").x509()).isTrue();
  }

  @Test
  void x509FalseIsASasString() {
    ConnectionString cs = ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=" + KEY + ";x509=false");
    assertThat(cs.x509()).isFalse();
    assertThat(cs.sharedAccessKey()).isEqualTo(KEY);
    assertThat(cs.toString()).isEqualTo("HostName=h;DeviceId=d;SharedAccessKey=" + KEY);
  }

  @Test
  void x509ErrorsSayWhatAndNeverEchoTheKey() {
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=" + KEY + ";x509=true"))
        .hasMessage("connection string: SharedAccessKey and x509=true exclude each other; give one of them");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d"))
        .hasMessage("connection string: SharedAccessKey is missing (or x509=true for a device with an X.509 certificate)");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;x509=false"))
        .hasMessage("connection string: SharedAccessKey is missing (or x509=true for a device with an X.509 certificate)");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=localhost;DeviceId=d;x509=true;Tls=false"))
        .hasMessage("connection string: x509=true needs TLS");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;x509=yes"))
        .hasMessage("connection string: x509 'yes' must be true or false");
    assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;X509=true"))
        .hasMessageStartingWith("connection string: unknown key 'X509'");
  }
}
