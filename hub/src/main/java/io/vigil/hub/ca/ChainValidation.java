package io.vigil.hub.ca;

import io.vigil.hub.ca.CertificateTrust.ChainCheck;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** PKIX validation of a device's chain against the verified CAs, at an injected time, without revocation checks. */
final class ChainValidation {
  private ChainValidation() {}

  static ChainCheck check(List<X509Certificate> chain, List<RegisteredCa> trusted, Instant now) {
    if (chain.isEmpty()) {
      return new ChainCheck.Untrusted("no client certificate");
    }
    X509Certificate leaf = chain.getFirst();
    String subject = leaf.getSubjectX500Principal().getName();
    if (leaf.getBasicConstraints() >= 0) {
      return new ChainCheck.Untrusted("certificate '" + subject + "' is a CA certificate, not a device certificate");
    }
    ChainCheck validity = validity(leaf, now);
    if (validity != null) {
      return validity;
    }
    if (trusted.isEmpty()) {
      return new ChainCheck.Untrusted("certificate '" + subject + "' is not self-registered and no verified CA is registered");
    }
    Set<TrustAnchor> anchors = new HashSet<>();
    List<X509Certificate> anchorCerts = new ArrayList<>();
    for (RegisteredCa ca : trusted) {
      anchors.add(new TrustAnchor(ca.certificate(), null));
      anchorCerts.add(ca.certificate());
    }
    // The path holds the device certificate and intermediates, never a root or a trust anchor.
    List<X509Certificate> path = new ArrayList<>(List.of(leaf));
    for (X509Certificate c : chain.subList(1, chain.size())) {
      if (anchorCerts.contains(c) || c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        break;
      }
      path.add(c);
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(now));
      PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
      X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
      RegisteredCa ca = trusted.get(anchorCerts.indexOf(anchor));
      ChainCheck caValidity = validity(anchor, now);
      return caValidity != null ? caValidity : new ChainCheck.Trusted(ca.name());
    } catch (CertPathValidatorException e) {
      if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
          || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
        return new ChainCheck.Expired("a certificate on the chain of '" + subject + "' is not valid at " + now + ": " + e.getMessage());
      }
      String why = e.getReason() == PKIXReason.NO_TRUST_ANCHOR ? "it does not chain to a verified CA" : e.getMessage();
      return new ChainCheck.Untrusted("certificate '" + subject + "' (issuer '" + leaf.getIssuerX500Principal().getName()
          + "') is not trusted: " + why);
    } catch (InvalidAlgorithmParameterException e) {
      return new ChainCheck.Untrusted("no verified CA can anchor certificate '" + subject + "': " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return new ChainCheck.Untrusted("certificate chain of '" + subject + "' cannot be validated: " + e.getMessage());
    }
  }

  /** Null when {@code certificate} is valid at {@code now}, else why not. */
  static ChainCheck validity(X509Certificate certificate, Instant now) {
    String subject = certificate.getSubjectX500Principal().getName();
    try {
      certificate.checkValidity(Date.from(now));
      return null;
    } catch (CertificateExpiredException e) {
      return new ChainCheck.Expired("certificate '" + subject + "' expired at " + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      return new ChainCheck.Expired("certificate '" + subject + "' is not valid before " + certificate.getNotBefore().toInstant());
    }
  }
}
