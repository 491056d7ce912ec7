package io.vigil.agent.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * A device's X.509 identity for mutual TLS: its certificate (then any chain) and its private key,
 * both PEM; the key unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), EC or RSA. Loaded with the JDK
 * alone, and checked at start: a file that cannot be read, is not PEM, or a key that does not
 * belong to the certificate is refused with a message naming the file.
 */
public record DeviceCertificate(List<X509Certificate> chain, PrivateKey key) {
  private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
  private static final String END_KEY = "-----END PRIVATE KEY-----";

  /**
   * Loads and checks the pair.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static DeviceCertificate load(Path certFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile, chain.getFirst().getPublicKey().getAlgorithm());
    if (!belongTogether(chain.getFirst(), key)) {
      throw new IllegalArgumentException("the key in " + keyFile + " does not belong to the certificate in " + certFile);
    }
    return new DeviceCertificate(List.copyOf(chain), key);
  }

  /** The subject of the device certificate, for the log. */
  public String subject() {
    return chain.getFirst().getSubjectX500Principal().getName();
  }

  /** A key manager factory that presents this identity in the TLS handshake. */
  KeyManagerFactory keyManagers() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] none = new char[0];
    store.setKeyEntry("device", key, none, chain.toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, none);
    return kmf;
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(Path file) {
    byte[] pem = read(file, "certificate file");
    try {
      List<X509Certificate> out = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))
          .stream().map(c -> (X509Certificate) c).toList();
      if (out.isEmpty()) {
        throw new IllegalArgumentException("certificate file " + file + " holds no certificate");
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("certificate file " + file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file, String algorithm) {
    String text = new String(read(file, "key file"), StandardCharsets.US_ASCII);
    int begin = text.indexOf(BEGIN_KEY);
    int end = text.indexOf(END_KEY);
    if (begin < 0 || end < begin) {
      String hint = text.contains("BEGIN EC PRIVATE KEY") || text.contains("BEGIN RSA PRIVATE KEY")
          ? " (it is in the traditional format; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)"
          : text.contains("ENCRYPTED PRIVATE KEY") ? " (it is encrypted; the agent needs it unencrypted, readable by root only)" : "";
      throw new IllegalArgumentException("key file " + file + " holds no unencrypted PKCS#8 key (" + BEGIN_KEY + ")" + hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN_KEY.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key file " + file + " is not valid base64 between its PEM lines", e);
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("key file " + file + " does not hold a " + algorithm
          + " key like the certificate's: " + e.getMessage(), e);
    }
  }

  private static boolean belongTogether(X509Certificate cert, PrivateKey key) {
    try {
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
      byte[] probe = "vigil-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
