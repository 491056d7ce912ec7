package io.vigil.hub.ca;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Decides whether a device's certificate chain leads to a CA the hub trusts for devices.
 *
 * <p>Called from the broker's threads: implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface CertificateTrust {
  /**
   * Checks {@code chain} (the device certificate first, then any intermediates the device sent)
   * at time {@code now}.
   */
  ChainCheck check(List<X509Certificate> chain, Instant now);

  /** Trusts no CA: every chain is untrusted. */
  static CertificateTrust none() {
    return (chain, now) -> new ChainCheck.Untrusted("no CA is registered with the hub");
  }

  /** The outcome of a check. */
  sealed interface ChainCheck {
    /** The chain leads to the verified CA {@code caName} and every certificate on it is valid. */
    record Trusted(String caName) implements ChainCheck {}

    /** A certificate on the chain is expired or not yet valid. */
    record Expired(String reason) implements ChainCheck {}

    /** The chain leads to no verified CA, or is malformed. */
    record Untrusted(String reason) implements ChainCheck {}
  }
}
