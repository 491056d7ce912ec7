package io.vigil.hub.broker;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Decides from its source address whether a CONNECT may go on to authentication (the IP filter).
 *
 * <p>Called on the broker's threads for every CONNECT; must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ConnectionFilter {
  /**
   * Why the connection is refused, fit to send to the client and to record; empty when it may go on.
   *
   * @param clientId the client id the device claims (not yet authenticated)
   * @param source the connection's source address; null when unknown
   */
  Optional<String> refusal(String clientId, InetAddress source);

  /** Lets every connection through. */
  static ConnectionFilter allowAll() {
    return (clientId, source) -> Optional.empty();
  }
}
