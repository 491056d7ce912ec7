package io.vigil.hub.ca;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The fingerprint a device certificate is registered by: SHA-256 (64 hex digits), or SHA-1 (40 hex
 * digits) as IoT Hub also accepts. Held in upper case without separators.
 *
 * @param hex 40 or 64 upper-case hex digits
 */
public record Thumbprint(String hex) {
  public Thumbprint {
    if (hex == null || !hex.matches("[0-9A-F]{40}|[0-9A-F]{64}")) {
      throw new IllegalArgumentException("thumbprint '" + hex + "' must be 64 (SHA-256) or 40 (SHA-1) upper-case hex digits");
    }
  }

  /**
   * Parses a thumbprint in either case, with or without ':' or space separators (as openssl prints it).
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static Thumbprint parse(String text) {
    String hex = text == null ? "" : text.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
    if (!hex.matches("[0-9A-F]{40}|[0-9A-F]{64}")) {
      throw new IllegalArgumentException("thumbprint '" + text + "' is not 64 (SHA-256) or 40 (SHA-1) hex digits");
    }
    return new Thumbprint(hex);
  }

  /** The SHA-256 thumbprint of {@code certificate}. */
  public static Thumbprint sha256(X509Certificate certificate) {
    return new Thumbprint(digest("SHA-256", certificate));
  }

  /** True when this is the SHA-256 or SHA-1 thumbprint (by its length) of {@code certificate}. */
  public boolean matches(X509Certificate certificate) {
    return hex.equals(digest(hex.length() == 64 ? "SHA-256" : "SHA-1", certificate));
  }

  private static String digest(String algorithm, X509Certificate certificate) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot compute the " + algorithm + " thumbprint of " + certificate.getSubjectX500Principal(), e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
