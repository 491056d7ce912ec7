package io.vigil.agent.transport;

import java.util.function.BiConsumer;
import javax.net.SocketFactory;

/**
 * One MQTT client connection to the hub, in the protocol version chosen: the seam that keeps the
 * Paho client of each version apart from {@link MqttTransport}, so that only the chosen client's
 * classes are loaded.
 *
 * <p>Failures are {@link TransportException}s whose message is the client's description (with
 * its reason code and the underlying cause); the transport adds where. Not thread-safe, except
 * that messages arrive on the client's thread.
 */
interface BrokerSession extends AutoCloseable {
  /** Seconds to wait for the CONNACK. */
  int CONNECT_TIMEOUT_SECONDS = 10;
  /** Seconds without a packet before a PINGREQ. */
  int KEEP_ALIVE_SECONDS = 60;
  /** How long a publish or subscribe waits for its acknowledgement. */
  long TIMEOUT_MS = 30_000;

  /** A new, unconnected session; {@code arrived} gets the topic and payload of every message the hub sends. */
  static BrokerSession open(MqttVersion version, String uri, String clientId, BiConsumer<String, byte[]> arrived)
      throws TransportException {
    return switch (version) {
      case V5 -> Mqtt5Session.open(uri, clientId, arrived);
      case V3_1_1 -> Mqtt3Session.open(uri, clientId, arrived);
    };
  }

  /**
   * Connects with a clean session, no automatic reconnect.
   *
   * @param password null for none (X.509)
   * @param sockets null for the client's default
   * @throws TransportException not retryable when the hub refused the credentials or is not trusted
   */
  void connect(String userName, byte[] password, SocketFactory sockets, boolean verifyHostName) throws TransportException;

  /** Subscribes to {@code topics} at QoS 1 and waits for the SUBACK. */
  void subscribe(String... topics) throws TransportException;

  /**
   * Publishes at QoS 1 and waits for the PUBACK.
   *
   * @throws TransportException when the hub refused the message (MQTT 5: a reason code of 0x80 or
   *     more), with its reason; retryable when the hub may take it later (see {@link #retryable(int)})
   */
  void publish(String topic, byte[] payload) throws TransportException;

  boolean isConnected();

  /** Disconnects if connected and releases the client; never fails. */
  @Override
  void close();

  /** True if what failed was a proxy refusing the credentials (407): retrying cannot help. */
  static boolean proxyCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ProxySockets.ProxyRefusedException p && p.credentials) {
        return true;
      }
    }
    return false;
  }

  /** True if the hub's certificate was not trusted: retrying cannot help. */
  static boolean untrusted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** The client's message and reason code, with the first underlying cause's message (the proxy's, the TLS handshake's, the socket's). */
  static String describe(Exception e, int reasonCode) {
    Throwable cause = e.getCause();
    while (cause != null && cause.getClass().getName().startsWith("org.eclipse.paho.") && cause.getCause() != null
        && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String detail = cause == null || cause == e ? "" : " (" + cause.getMessage() + ")";
    return e.getMessage() + " [code " + reasonCode + "]" + detail;
  }

  /**
   * Whether a refusal with MQTT 5 reason code {@code code} may be lifted later, so that the message
   * should wait in the spool and go again: quota exceeded (0x97, over the device's rate), server
   * busy (0x89) and implementation specific error (0x83, which the hub answers when it could not
   * store the message). Every other refusal (an invalid or too large message, not authorized)
   * would be the same next time.
   */
  static boolean retryable(int code) {
    return code == 0x97 || code == 0x89 || code == 0x83;
  }
}
