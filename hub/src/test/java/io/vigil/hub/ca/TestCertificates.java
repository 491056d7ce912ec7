package io.vigil.hub.ca;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made for tests as a device maker or a CA owner would make them (openssl in real life). */
public final class TestCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCertificates() {}

  /** A certificate and its key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {}

  /** A self-signed root CA valid for a year. */
  public static Issued rootCa(String cn) {
    KeyPair pair = keyPair();
    return new Issued(build(SubjectNames.withCommonName(cn), pair.getPrivate(), SubjectNames.withCommonName(cn), pair, true,
        Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(365))), pair.getPrivate());
  }

  /** A self-signed device (leaf) certificate valid for a year. */
  public static Issued selfSigned(String cn) {
    KeyPair pair = keyPair();
    return new Issued(build(SubjectNames.withCommonName(cn), pair.getPrivate(), SubjectNames.withCommonName(cn), pair, false,
        Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(365))), pair.getPrivate());
  }

  /** A certificate for {@code cn} signed by {@code issuer}, valid for a year; a CA when {@code ca}. */
  public static Issued signed(Issued issuer, String cn, boolean ca) {
    return signed(issuer, cn, ca, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(365)));
  }

  public static Issued signed(Issued issuer, String cn, boolean ca, Instant notBefore, Instant notAfter) {
    KeyPair pair = keyPair();
    X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    return new Issued(build(issuerName, issuer.key(), SubjectNames.withCommonName(cn), pair, ca, notBefore, notAfter), pair.getPrivate());
  }

  private static X509Certificate build(X500Name issuer, PrivateKey signer, X500Name subject, KeyPair pair, boolean ca,
      Instant notBefore, Instant notAfter) {
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM), Date.from(notBefore),
          Date.from(notAfter), subject, pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(1) : new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
