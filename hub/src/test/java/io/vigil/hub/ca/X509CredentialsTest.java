package io.vigil.hub.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device certificates issued by Vigil's CA, their PEM files, and thumbprints. */
class X509CredentialsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  @TempDir Path dir;

  private CertificateAuthority ca() {
    return CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
  }

  @Test
  void issuesADeviceCertificateWithTheIdAsCnForClientAuthentication() throws Exception {
    CertificateAuthority ca = ca();
    DeviceCredentials c = ca.issueDeviceCertificate("gw,1=x", Duration.ofDays(30));
    X509Certificate cert = c.certificate();
    cert.verify(ca.certificate().getPublicKey());
    assertThat(SubjectNames.commonName(cert)).isEqualTo("gw,1=x");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(c.chain()).containsExactly(cert, ca.certificate());
    assertThat(c.thumbprint()).isEqualTo(Thumbprint.sha256(cert));
    assertThat(c.toString()).doesNotContain(Base64.getEncoder().encodeToString(c.privateKey().getEncoded()));
    assertThatThrownBy(() -> ca.issueDeviceCertificate("gw-1", Duration.ZERO)).hasMessage("certificate validity PT0S must be positive");
    assertThatThrownBy(() -> ca.issueDeviceCertificate("a/b", Duration.ofDays(1))).hasMessageStartingWith("device id 'a/b' must be");
  }

  @Test
  void writesPemFilesThatTheJdkAloneLoads() throws Exception {
    DeviceCredentials c = ca().issueDeviceCertificate("gw-1", Duration.ofDays(365));
    DeviceCredentials.Files files = c.writeTo(dir.resolve("out"), "gw-1");
    assertThat(files.certificate()).isEqualTo(dir.resolve("out/gw-1.crt"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.certificate()))).isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");

    String crt = Files.readString(files.certificate());
    assertThat(crt).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    List<java.security.cert.Certificate> certs =
        List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(Files.newInputStream(files.certificate())));
    assertThat(certs).containsExactly(c.certificate(), c.chain().get(1));

    // As a device does it, with no BouncyCastle: strip the armour, base64, PKCS#8, KeyFactory.
    String key = Files.readString(files.privateKey());
    assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    byte[] der = Base64.getMimeDecoder().decode(key.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
    PrivateKey loaded = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    assertThat(((ECPrivateKey) loaded).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(loaded);
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    s.initVerify(c.certificate().getPublicKey());
    s.update(new byte[] {1, 2, 3});
    assertThat(s.verify(sig)).as("the key file holds the certificate's key").isTrue();
    assertThat(Pem.readPrivateKey(key, "gw-1.key")).isEqualTo(loaded);

    assertThatThrownBy(() -> c.writeTo(dir.resolve("out"), "gw-1"))
        .hasMessage(dir.resolve("out/gw-1.crt") + " already exists; move it away or write elsewhere");
  }

  @Test
  void pemErrorsNameTheSource() {
    assertThatThrownBy(() -> Pem.readCertificates("hello", "ca.pem"))
        .hasMessage("ca.pem holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "/certificatePem"))
        .hasMessageStartingWith("/certificatePem: not a valid X.509 certificate");
    assertThatThrownBy(() -> Pem.readPrivateKey("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----", "d.key"))
        .hasMessageStartingWith("d.key holds a traditional (SEC1/PKCS#1) private key; convert it to PKCS#8");
    assertThatThrownBy(() -> Pem.readPrivateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", "d.key"))
        .hasMessageStartingWith("d.key holds an encrypted private key");
    assertThatThrownBy(() -> Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "d.key"))
        .hasMessage("d.key: the private key is neither an EC nor an RSA PKCS#8 key");
    assertThatThrownBy(() -> Pem.readPrivateKey("", "d.key")).hasMessage("d.key holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  @Test
  void thumbprintsAreSha256OrSha1InAnyNotation() throws Exception {
    X509Certificate cert = TestCertificates.selfSigned("dev-1").certificate();
    Thumbprint sha256 = Thumbprint.sha256(cert);
    assertThat(sha256.hex()).hasSize(64).matches("[0-9A-F]+");
    assertThat(Thumbprint.parse(sha256.hex().toLowerCase())).isEqualTo(sha256);
    String colons = String.join(":", sha256.hex().split("(?<=\\G..)"));
    assertThat(Thumbprint.parse(colons)).isEqualTo(sha256);
    assertThat(sha256.matches(cert)).isTrue();
    assertThat(sha256.matches(TestCertificates.selfSigned("dev-1").certificate())).isFalse();
    assertThat(Thumbprint.parse("ab".repeat(20)).hex()).isEqualTo("AB".repeat(20));
    String sha1 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
    assertThat(Thumbprint.parse(sha1).matches(cert)).as("IoT Hub's SHA-1 thumbprints").isTrue();
    assertThatThrownBy(() -> Thumbprint.parse("abc")).hasMessage("thumbprint 'abc' is not 64 (SHA-256) or 40 (SHA-1) hex digits");
    assertThatThrownBy(() -> Thumbprint.parse("zz".repeat(32))).hasMessageEndingWith("is not 64 (SHA-256) or 40 (SHA-1) hex digits");
  }
}
