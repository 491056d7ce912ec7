package io.vigil.hub.ca;

import io.vigil.model.Require;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A CA registered with the hub. It is trusted for device certificates once verified, that is once
 * its owner proved possession of its key by a certificate, signed by it, whose CN is the
 * verification code.
 *
 * @param name the name it was registered under
 * @param verificationCode the CN the proof-of-possession certificate must carry
 * @param verified true once proven; Vigil's own CA always is
 * @param builtIn true for Vigil's own CA, which is neither stored nor removable
 * @param verifiedAt null until verified
 */
public record RegisteredCa(
    String name, X509Certificate certificate, String verificationCode, boolean verified, boolean builtIn, Instant addedAt, Instant verifiedAt) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public RegisteredCa {
    requireValidName(name);
    Require.present(certificate, "certificate");
    Require.text(verificationCode, "verificationCode");
    Require.present(addedAt, "addedAt");
    if (verified != (verifiedAt != null)) {
      throw new IllegalArgumentException("CA '" + name + "': verifiedAt must be set exactly when it is verified");
    }
  }

  /**
   * Returns {@code name} if it is a valid CA name: 1 to 64 letters, digits, '.', '_' or '-'.
   *
   * @throws IllegalArgumentException naming the value and the allowed form
   */
  public static String requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("CA name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  public Thumbprint thumbprint() {
    return Thumbprint.sha256(certificate);
  }

  /** This CA, verified at {@code at}. */
  RegisteredCa verifiedAt(Instant at) {
    return new RegisteredCa(name, certificate, verificationCode, true, builtIn, addedAt, at);
  }
}
