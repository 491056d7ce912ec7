package io.vigil.hub.ca;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * PEM text of certificates ({@code -----BEGIN CERTIFICATE-----}) and of unencrypted PKCS#8 private
 * keys ({@code -----BEGIN PRIVATE KEY-----}), with the JDK alone: the same code loads them on a device.
 */
public final class Pem {
  private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
  private static final String END_KEY = "-----END PRIVATE KEY-----";
  private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** The certificates in order, each as a {@code CERTIFICATE} block. */
  public static String certificates(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate c : certificates) {
      try {
        out.append(block("CERTIFICATE", c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("cannot encode certificate " + c.getSubjectX500Principal() + ": " + e.getMessage(), e);
      }
    }
    return out.toString();
  }

  /** The key as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
  public static String privateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("a " + key.getAlgorithm() + " key in format " + key.getFormat() + " cannot be written as PKCS#8");
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /**
   * The certificates in {@code text}, in order.
   *
   * @param source where the text came from, for error messages (a file name, a JSON pointer)
   * @throws IllegalArgumentException naming {@code source} when there is no certificate or one is malformed
   */
  public static List<X509Certificate> readCertificates(String text, String source) {
    if (text == null || !text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(source + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      Collection<? extends java.security.cert.Certificate> all = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c : all) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(source + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      return List.copyOf(out);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(source + ": not a valid X.509 certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The unencrypted PKCS#8 EC or RSA private key in {@code text}.
   *
   * @param source where the text came from, for error messages
   * @throws IllegalArgumentException naming {@code source} and what is wrong
   */
  public static PrivateKey readPrivateKey(String text, String source) {
    if (text != null && text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(source + " holds an encrypted private key; Vigil reads unencrypted PKCS#8 ("
          + BEGIN_KEY + ")");
    }
    if (text != null && (text.contains("-----BEGIN EC PRIVATE KEY-----") || text.contains("-----BEGIN RSA PRIVATE KEY-----"))) {
      throw new IllegalArgumentException(source + " holds a traditional (SEC1/PKCS#1) private key; convert it to PKCS#8 with"
          + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
    }
    int begin = text == null ? -1 : text.indexOf(BEGIN_KEY);
    int end = begin < 0 ? -1 : text.indexOf(END_KEY, begin);
    if (end < 0) {
      throw new IllegalArgumentException(source + " holds no PEM private key (" + BEGIN_KEY + ")");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN_KEY.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": the private key is not valid base64: " + e.getMessage(), e);
    }
    for (String algorithm : List.of("EC", "RSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm: try the next.
      }
    }
    throw new IllegalArgumentException(source + ": the private key is neither an EC nor an RSA PKCS#8 key");
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + LINES.encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
