package io.vigil.agent.transport;

import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.SasToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends security messages to the hub over MQTT 5 or 3.1.1 (Paho; a {@link BrokerSession} of the
 * chosen version), authenticating IoT-Hub style with a SAS token made from the connection string's
 * key, or with the device's X.509 certificate. Each publish waits for the hub's PUBACK, which the
 * hub sends only once the message is stored.
 *
 * <p>It also carries the device twin: after each connect it subscribes to the twin topics and asks
 * for the twin; what the hub sends there waits in {@link #pollTwin()} for the agent thread.
 *
 * <p>Not thread-safe, except {@link #pollTwin()}: the agent's sender thread owns it.
 */
public final class MqttTransport implements AutoCloseable {
  /** The IoT Hub MQTT API version devices announce in their user name. */
  static final String API_VERSION = "2021-04-12";

  private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  /** A connection is renewed with a fresh token once its token has this little left, as IoT Hub devices do. */
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

  private final ConnectionString connection;
  private final Clock clock;
  private final String topic;
  private final SSLSocketFactory tls;
  private final HttpProxy proxy;
  private final DeviceCertificate certificate;
  private final MqttVersion version;
  private final ConcurrentLinkedQueue<TwinMessage> twin = new ConcurrentLinkedQueue<>();
  private final AtomicLong requestIds = new AtomicLong();
  private BrokerSession session;
  private Instant tokenExpiry = Instant.MIN;

  /**
   * @param caFile the PEM certificate(s) to trust the hub by, such as Vigil's {@code ca.crt}; null
   *     for the JDK's default trust store. Unused when the connection string says {@code Tls=false}.
   * @throws IllegalArgumentException if the CA file cannot be read, naming it and why
   */
  public MqttTransport(ConnectionString connection, Clock clock, String topic, Path caFile) {
    this(connection, clock, topic, caFile, null);
  }

  /**
   * As {@link #MqttTransport(ConnectionString, Clock, String, Path)}, through an HTTP CONNECT proxy.
   *
   * @param proxy null to connect directly
   */
  public MqttTransport(ConnectionString connection, Clock clock, String topic, Path caFile, HttpProxy proxy) {
    this(connection, clock, topic, caFile, proxy, null);
  }

  /**
   * As {@link #MqttTransport(ConnectionString, Clock, String, Path, HttpProxy)}, authenticating
   * with a client certificate (mutual TLS) when the connection string says {@code x509=true}.
   *
   * @param certificate the device's certificate and key; required with {@code x509=true}, refused without
   * @throws IllegalArgumentException if the certificate and the connection string disagree
   */
  public MqttTransport(
      ConnectionString connection, Clock clock, String topic, Path caFile, HttpProxy proxy, DeviceCertificate certificate) {
    this(connection, clock, topic, caFile, proxy, certificate, MqttVersion.V5);
  }

  /**
   * As {@link #MqttTransport(ConnectionString, Clock, String, Path, HttpProxy, DeviceCertificate)},
   * in MQTT {@code version}.
   */
  public MqttTransport(ConnectionString connection, Clock clock, String topic, Path caFile, HttpProxy proxy,
      DeviceCertificate certificate, MqttVersion version) {
    if (version == null) {
      throw new IllegalArgumentException("the MQTT version must be given (5 or 3.1.1)");
    }
    if (connection.x509() && certificate == null) {
      throw new IllegalArgumentException("the connection string says x509=true: give --cert-file and --key-file"
          + " (or CertFile and KeyFile in the --config file)");
    }
    if (!connection.x509() && certificate != null) {
      throw new IllegalArgumentException("a device certificate is given, but the connection string has a SharedAccessKey;"
          + " an X.509 device's connection string says x509=true instead");
    }
    this.connection = connection;
    this.clock = clock;
    this.topic = topic;
    this.certificate = certificate;
    this.version = version;
    this.tls = connection.tls() ? socketFactory(caFile, certificate) : null;
    this.proxy = proxy;
  }

  private static SSLSocketFactory socketFactory(Path caFile, DeviceCertificate certificate) {
    if (caFile == null && certificate == null) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    KeyStore trust;
    try {
      trust = caFile == null ? null : trustStore(caFile);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("--ca-file " + caFile + " cannot be used: it does not exist", e);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("--ca-file " + caFile + " cannot be used: " + e.getMessage(), e);
    }
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(certificate == null ? null : certificate.keyManagers().getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("TLS cannot be set up"
          + (certificate == null ? "" : " with the device certificate " + certificate.subject()) + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + n++, c);
      }
      if (n == 0) {
        throw new IllegalArgumentException("--ca-file " + caFile + " holds no certificate");
      }
      return trust;
    }
  }

  /** The broker URI this transport connects to, with the MQTT version when it is not 5. */
  public String uri() {
    return brokerUri() + (version == MqttVersion.V5 ? "" : " (MQTT " + version.configValue() + ")")
        + (proxy == null ? "" : " via " + proxy);
  }

  private String brokerUri() {
    return (connection.tls() ? "ssl://" : "tcp://") + connection.hostName() + ":" + connection.port();
  }

  /** When the current connection's SAS token expires; {@link Instant#MIN} before the first connect. */
  public Instant tokenExpiry() {
    return tokenExpiry;
  }

  public boolean isConnected() {
    return session != null && session.isConnected();
  }

  /**
   * Connects with a fresh SAS token (valid for an hour).
   *
   * @throws TransportException saying why, with the hub's reason code when it refused
   */
  public void connect() throws TransportException {
    closeQuietly();
    try {
      session = BrokerSession.open(version, brokerUri(), connection.deviceId(), this::arrived);
      Instant expiry;
      byte[] password = null;
      if (connection.x509()) {
        expiry = Instant.MAX; // the client certificate authenticates; no token to renew
      } else {
        String resource = SasToken.deviceResource(connection.hostName(), connection.deviceId());
        expiry = clock.instant().plus(TOKEN_LIFETIME);
        password = SasToken.sign(resource, connection.sharedAccessKey(), expiry).toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      SocketFactory sockets = tls != null ? (proxy == null ? tls : ProxySockets.tls(proxy, tls))
          : proxy != null ? ProxySockets.plain(proxy) : null;
      session.connect(connection.hostName() + "/" + connection.deviceId() + "/?api-version=" + API_VERSION, password,
          sockets, tls != null);
      tokenExpiry = expiry;
      session.subscribe(TwinMessage.RESPONSES, TwinMessage.DESIRED_PATCHES);
    } catch (TransportException e) {
      throw new TransportException("cannot connect to " + uri() + " as '" + connection.deviceId() + "': "
          + e.getMessage(), e.retryable(), e.getCause() == null ? e : e.getCause());
    }
    requestTwin();
  }

  /**
   * Publishes {@code payload} at QoS 1 and waits for the PUBACK.
   *
   * @throws TransportException if not connected, the send failed, or the hub refused the message
   *     (then not retryable, with the hub's reason string)
   */
  public void publish(byte[] payload) throws TransportException {
    if (!isConnected()) {
      throw new TransportException("not connected to " + uri(), true, null);
    }
    if (!clock.instant().isBefore(tokenExpiry.minus(RENEW_BEFORE))) {
      connect(); // renew the SAS token before the hub would have to refuse it
    }
    try {
      session.publish(topic, payload);
    } catch (TransportException e) {
      if (!e.retryable()) {
        throw e; // the hub's refusal, as it said it
      }
      throw new TransportException("publishing to " + uri() + " failed: " + e.getMessage(), true, e.getCause());
    }
  }

  /**
   * Asks the hub for the whole twin; the answer arrives through {@link #pollTwin()}.
   *
   * @throws TransportException if the request cannot be sent
   */
  public void requestTwin() throws TransportException {
    publishTwin(TwinMessage.getTopic(nextRequestId()), new byte[0]);
  }

  /**
   * Patches the device's reported properties with {@code json} (a JSON object, merge-patch style).
   *
   * @throws TransportException if the patch cannot be sent
   */
  public void reportProperties(byte[] json) throws TransportException {
    publishTwin(TwinMessage.reportedTopic(nextRequestId()), json);
  }

  /** The next thing the hub sent on the twin topics, or null. Safe from any thread. */
  public TwinMessage pollTwin() {
    return twin.poll();
  }

  private String nextRequestId() {
    return Long.toString(requestIds.incrementAndGet());
  }

  private void publishTwin(String twinTopic, byte[] body) throws TransportException {
    if (!isConnected()) {
      throw new TransportException("not connected to " + uri(), true, null);
    }
    try {
      session.publish(twinTopic, body);
    } catch (TransportException e) {
      throw new TransportException("publishing to " + twinTopic + " failed: " + e.getMessage(), true, e.getCause());
    }
  }

  /** Hands what arrives on the twin topics to the agent thread, parsed; nothing else arrives. */
  private void arrived(String twinTopic, byte[] payload) {
    try {
      twin.add(TwinMessage.parse(twinTopic, payload));
    } catch (IllegalArgumentException e) {
      twin.add(new TwinMessage.Unreadable(twinTopic, e.getMessage()));
    }
  }

  private void closeQuietly() {
    if (session != null) {
      session.close();
      session = null;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
