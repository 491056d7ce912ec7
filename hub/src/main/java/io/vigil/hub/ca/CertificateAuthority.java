package io.vigil.hub.ca;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Vigil's own certificate authority, kept in a directory of the data dir: created at first start
 * ({@code ca.crt}, and {@code ca.key} with mode 0600), it issues the server's TLS certificate and, on
 * request, device certificates. Devices trust the hub by {@code ca.crt}. EC P-256 keys, SHA-256
 * signatures.
 */
public final class CertificateAuthority {
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration SERVER_VALIDITY = Duration.ofDays(397);

  /** How long a device certificate is valid unless told otherwise. */
  public static final Duration DEVICE_VALIDITY = Duration.ofDays(365);

  private final Path dir;
  private final Clock clock;
  private final SecureRandom random;
  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(Path dir, Clock clock, SecureRandom random, X509Certificate certificate, PrivateKey key) {
    this.dir = dir;
    this.clock = clock;
    this.random = random;
    this.certificate = certificate;
    this.key = key;
  }

  /**
   * Opens the CA in {@code dir}, creating it on first use.
   *
   * @throws IllegalStateException naming the file when an existing CA cannot be read
   */
  public static CertificateAuthority loadOrCreate(Path dir, Clock clock, SecureRandom random) {
    Path crt = dir.resolve("ca.crt");
    Path pem = dir.resolve("ca.key");
    try {
      if (Files.exists(crt) && Files.exists(pem)) {
        return new CertificateAuthority(dir, clock, random, readCertificate(crt), readKey(pem));
      }
      Files.createDirectories(dir);
      KeyPair pair = newKeyPair(random);
      Instant now = clock.instant();
      X500Name name = new X500Name("CN=Vigil CA " + Long.toHexString(random.nextLong()) + ",O=Vigil");
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random), Date.from(now.minusSeconds(60)),
          Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate cert = sign(b, pair.getPrivate());
      writePem(pem, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null), true);
      writePem(crt, cert, false);
      return new CertificateAuthority(dir, clock, random, cert, pair.getPrivate());
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot open or create the CA in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The CA certificate file devices trust the hub by. */
  public Path certificateFile() {
    return dir.resolve("ca.crt");
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A keystore and its password for a TLS listener. */
  public record ServerKeystore(Path file, String password) {
    @Override
    public String toString() {
      return "ServerKeystore[" + file + ", password=***]";
    }
  }

  /**
   * Issues a fresh server certificate for {@code names} (DNS names or IP literals) and writes it,
   * its key and the CA certificate into a PKCS#12 keystore with a random password (mode 0600).
   */
  public ServerKeystore issueServerKeystore(List<String> names) {
    try {
      KeyPair pair = newKeyPair(random);
      Instant now = clock.instant();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random), Date.from(now.minusSeconds(60)),
          Date.from(now.plus(SERVER_VALIDITY)), new X500Name("CN=" + names.getFirst() + ",O=Vigil"), pair.getPublic());
      List<GeneralName> sans = new ArrayList<>();
      for (String n : names) {
        sans.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509Certificate server = sign(b, key);
      byte[] pw = new byte[24];
      random.nextBytes(pw);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", pair.getPrivate(), password.toCharArray(), new java.security.cert.Certificate[] {server, certificate});
      Path file = dir.resolve("server.p12");
      try (var out = Files.newOutputStream(file)) {
        ks.store(out, password.toCharArray());
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return new ServerKeystore(file, password);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue the server certificate for " + names + ": " + e.getMessage(), e);
    }
  }

  /**
   * Issues a certificate for device {@code deviceId} (subject CN = the id, client authentication),
   * valid from now for {@code validity}, with a fresh EC P-256 key.
   *
   * @throws IllegalArgumentException if {@code validity} is not positive
   */
  public DeviceCredentials issueDeviceCertificate(String deviceId, Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("certificate validity " + validity + " must be positive");
    }
    Instant now = clock.instant();
    return issueDeviceCertificate(deviceId, now.minusSeconds(60), now.plus(validity));
  }

  /** Issues a device certificate valid from {@code notBefore} to {@code notAfter} (tests issue expired ones). */
  public DeviceCredentials issueDeviceCertificate(String deviceId, Instant notBefore, Instant notAfter) {
    io.vigil.model.Device.requireValidId(deviceId);
    try {
      KeyPair pair = newKeyPair(random);
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random), Date.from(notBefore),
          Date.from(notAfter), SubjectNames.withCommonName(deviceId), pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return new DeviceCredentials(List.of(sign(b, key), certificate), pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate for device '" + deviceId + "': " + e.getMessage(), e);
    }
  }

  private static boolean isIpLiteral(String s) {
    if (!s.matches("[0-9a-fA-F:.]+") || !(s.contains(".") || s.contains(":"))) {
      return false;
    }
    try {
      InetAddress.ofLiteral(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static KeyPair newKeyPair(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  private static void writePem(Path file, Object object, boolean secret) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      if (object instanceof org.bouncycastle.util.io.pem.PemObjectGenerator generator) {
        w.writeObject(generator);
      } else {
        w.writeObject(object);
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text.toString());
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
    try (PEMParser p = new PEMParser(Files.newBufferedReader(file))) {
      if (!(p.readObject() instanceof X509CertificateHolder holder)) {
        throw new IOException(file + " holds no PEM certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    }
  }

  private static PrivateKey readKey(Path file) throws IOException {
    try (PEMParser p = new PEMParser(Files.newBufferedReader(file))) {
      Object o = p.readObject();
      if (o instanceof PEMKeyPair pair) {
        return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
      }
      if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
        return new JcaPEMKeyConverter().getPrivateKey(info);
      }
      throw new IOException(file + " holds no PEM private key");
    }
  }
}
