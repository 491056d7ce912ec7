package io.vigil.hub.broker;

import io.vigil.hub.ca.CertificateTrust;
import io.vigil.hub.ca.CertificateTrust.ChainCheck;
import io.vigil.hub.ca.SubjectNames;
import io.vigil.hub.ca.Thumbprint;
import io.vigil.hub.registry.RegisteredDevice;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Checks the client certificate a registered device presented in the TLS handshake (which proved it
 * holds the key): a device registered by thumbprint must present the certificate with that
 * thumbprint; a CA-signed device one that chains to a verified CA with its id as CN. Validity
 * dates are checked against the given time, not the wall clock.
 */
final class CertificateAuthentication {
  static final String METHOD = "X509";

  private final CertificateTrust trust;

  CertificateAuthentication(CertificateTrust trust) {
    this.trust = trust;
  }

  /**
   * @param chain the client's certificate first, then any chain it sent; never empty
   */
  AuthDecision verify(RegisteredDevice device, List<X509Certificate> chain, Instant now) {
    String id = device.deviceId();
    X509Certificate certificate = chain.getFirst();
    return switch (device.device().authType()) {
      case SAS -> AuthDecision.refuse(device, METHOD, AuthFailure.AUTH_TYPE_MISMATCH,
          "device '" + id + "' authenticates with SAS tokens, not a client certificate: send a SAS token as the password");
      case X509_SELF_SIGNED -> {
        if (!device.primaryThumbprint().matches(certificate)
            && (device.secondaryThumbprint() == null || !device.secondaryThumbprint().matches(certificate))) {
          yield AuthDecision.refuse(device, METHOD, AuthFailure.THUMBPRINT_MISMATCH, "certificate thumbprint "
              + Thumbprint.sha256(certificate).hex() + " is not registered for device '" + id + "'");
        }
        yield validity(device, certificate, now);
      }
      case X509_CA -> switch (trust.check(chain, now)) {
        case ChainCheck.Expired(String reason) -> AuthDecision.refuse(device, METHOD, AuthFailure.EXPIRED_CERTIFICATE, reason);
        case ChainCheck.Untrusted(String reason) -> AuthDecision.refuse(device, METHOD, AuthFailure.UNTRUSTED_CERTIFICATE, reason);
        case ChainCheck.Trusted(String ca) -> {
          String cn = SubjectNames.commonName(certificate);
          yield cn.equals(id)
              ? AuthDecision.accept(device, METHOD)
              : AuthDecision.refuse(device, METHOD, AuthFailure.CERTIFICATE_DEVICE_MISMATCH,
                  "certificate CN '" + cn + "' is not the client id '" + id + "'");
        }
      };
    };
  }

  private static AuthDecision validity(RegisteredDevice device, X509Certificate certificate, Instant now) {
    try {
      certificate.checkValidity(Date.from(now));
      return AuthDecision.accept(device, METHOD);
    } catch (CertificateExpiredException e) {
      return AuthDecision.refuse(device, METHOD, AuthFailure.EXPIRED_CERTIFICATE,
          "certificate expired at " + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      return AuthDecision.refuse(device, METHOD, AuthFailure.EXPIRED_CERTIFICATE,
          "certificate is not valid before " + certificate.getNotBefore().toInstant());
    }
  }
}
