package io.vigil.hub.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  @TempDir Path dir;

  @Test
  void theCaIsCreatedOnceAndIssuesServerCertificatesForTheGivenNames() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, Clock.systemUTC(), new SecureRandom());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
    CertificateAuthority again = CertificateAuthority.loadOrCreate(dir, Clock.systemUTC(), new SecureRandom());
    assertThat(again.certificate()).isEqualTo(ca.certificate());
    assertThat(ca.certificate().getBasicConstraints()).isZero();

    CertificateAuthority.ServerKeystore ks = ca.issueServerKeystore(List.of("hub.example", "localhost", "127.0.0.1", "::1"));
    assertThat(ks.toString()).doesNotContain(ks.password());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = new FileInputStream(ks.file().toFile())) {
      store.load(in, ks.password().toCharArray());
    }
    X509Certificate server = (X509Certificate) store.getCertificate("server");
    server.verify(ca.certificate().getPublicKey());
    assertThat(server.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
        .containsExactly("hub.example", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void aDamagedCaSaysWhichFile() throws Exception {
    CertificateAuthority.loadOrCreate(dir, Clock.systemUTC(), new SecureRandom());
    Files.writeString(dir.resolve("ca.crt"), "not a certificate");
    assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, Clock.systemUTC(), new SecureRandom()))
        .hasMessageContaining("cannot open or create the CA in " + dir)
        .hasMessageContaining("ca.crt holds no PEM certificate");
  }
}
