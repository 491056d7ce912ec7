package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listeners' certificate carries the configured names ({@code vigil server --tls-name}). */
class TlsNamesTest {
  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theServerCertificateNamesTheHostTheConfiguredNamesAndLoopback() throws Exception {
    int tls = freePort();
    ServerConfig config = new ServerConfig(dir.resolve("data"), "hub.example", 0, freePort(), ServerConfig.DEFAULT_MAX_MESSAGE_BYTES, tls,
        "127.0.0.1").withTlsNames(List.of("gw-hub.plant.local", "10.20.30.40"));
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), a -> {})) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(dir.resolve("data/ca/ca.crt"))) {
        trust.setCertificateEntry("vigil", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", tls)) {
        socket.startHandshake();
        X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        List<String> names = new ArrayList<>();
        cert.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
        assertThat(names).contains("hub.example", "gw-hub.plant.local", "10.20.30.40", "localhost", "127.0.0.1");
      }
    }
  }

  @Test
  void aNameThatIsNeitherADnsNameNorAnAddressIsRefused() {
    ServerConfig base = ServerConfig.loopback(dir.resolve("data2"), "localhost", 0, 1883);
    assertThatThrownBy(() -> base.withTlsNames(List.of("hub example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS name 'hub example' is not a DNS name (letters, digits, '-' and '.', '*.' first for a wildcard) or an IP address");
  }
}
