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
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Sends security messages to the hub over MQTT 5 (Paho), authenticating IoT-Hub style with a SAS
 * token made from the connection string's key. Each publish waits for the hub's PUBACK, which the
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
  private static final long TIMEOUT_MS = 30_000;

  private final ConnectionString connection;
  private final Clock clock;
  private final String topic;
  private final SSLSocketFactory tls;
  private final HttpProxy proxy;
  private final DeviceCertificate certificate;
  private final ConcurrentLinkedQueue<TwinMessage> twin = new ConcurrentLinkedQueue<>();
  private final AtomicLong requestIds = new AtomicLong();
  private MqttAsyncClient client;
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

  /** The broker URI this transport connects to. */
  public String uri() {
    return brokerUri() + (proxy == null ? "" : " via " + proxy);
  }

  private String brokerUri() {
    return (connection.tls() ? "ssl://" : "tcp://") + connection.hostName() + ":" + connection.port();
  }

  /** When the current connection's SAS token expires; {@link Instant#MIN} before the first connect. */
  public Instant tokenExpiry() {
    return tokenExpiry;
  }

  public boolean isConnected() {
    return client != null && client.isConnected();
  }

  /**
   * Connects with a fresh SAS token (valid for an hour).
   *
   * @throws TransportException saying why, with the hub's reason code when it refused
   */
  public void connect() throws TransportException {
    closeQuietly();
    try {
      client = new MqttAsyncClient(brokerUri(), connection.deviceId(), new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName(connection.hostName() + "/" + connection.deviceId() + "/?api-version=" + API_VERSION);
      Instant expiry;
      if (connection.x509()) {
        expiry = Instant.MAX; // the client certificate authenticates; no token to renew
      } else {
        String resource = SasToken.deviceResource(connection.hostName(), connection.deviceId());
        expiry = clock.instant().plus(TOKEN_LIFETIME);
        options.setPassword(SasToken.sign(resource, connection.sharedAccessKey(), expiry)
            .toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      options.setCleanStart(true);
      options.setAutomaticReconnect(false);
      options.setConnectionTimeout(10);
      options.setKeepAliveInterval(60);
      if (tls != null) {
        options.setSocketFactory(proxy == null ? tls : ProxySockets.tls(proxy, tls));
        options.setHttpsHostnameVerificationEnabled(true);
      } else if (proxy != null) {
        options.setSocketFactory(ProxySockets.plain(proxy));
      }
      client.setCallback(new TwinCallback());
      client.connect(options).waitForCompletion(TIMEOUT_MS);
      tokenExpiry = expiry;
      client.subscribe(new String[] {TwinMessage.RESPONSES, TwinMessage.DESIRED_PATCHES}, new int[] {1, 1})
          .waitForCompletion(TIMEOUT_MS);
      requestTwin();
    } catch (MqttException e) {
      // Refused credentials, or a hub whose certificate is not trusted: retrying cannot help.
      boolean refused = e.getReasonCode() == 0x86 || e.getReasonCode() == 0x87 || e.getReasonCode() == 4 || e.getReasonCode() == 5
          || untrusted(e) || proxyCredentials(e);
      throw new TransportException("cannot connect to " + uri() + " as '" + connection.deviceId() + "': "
          + describe(e), !refused, e);
    }
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
      MqttMessage message = new MqttMessage(payload, 1, false, new MqttProperties());
      IMqttToken token = client.publish(topic, message);
      token.waitForCompletion(TIMEOUT_MS);
      int[] codes = token.getReasonCodes();
      if (codes != null && Arrays.stream(codes).anyMatch(c -> c >= 0x80)) {
        MqttProperties props = token.getResponseProperties();
        String reason = props == null || props.getReasonString() == null ? "" : ": " + props.getReasonString();
        throw new TransportException("hub refused the message (reason code 0x" + Integer.toHexString(codes[0]) + ")" + reason, false, null);
      }
    } catch (MqttException e) {
      throw new TransportException("publishing to " + uri() + " failed: " + describe(e), true, e);
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
      client.publish(twinTopic, new MqttMessage(body, 1, false, new MqttProperties())).waitForCompletion(TIMEOUT_MS);
    } catch (MqttException e) {
      throw new TransportException("publishing to " + twinTopic + " failed: " + describe(e), true, e);
    }
  }

  /** Hands what arrives on the twin topics to the agent thread, parsed; nothing else arrives. */
  private final class TwinCallback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        twin.add(TwinMessage.parse(topic, message.getPayload()));
      } catch (IllegalArgumentException e) {
        twin.add(new TwinMessage.Unreadable(topic, e.getMessage()));
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      // isConnected() turns false; the agent reconnects when it next sends.
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      // Reported through the failing publish or connect.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // Publishes wait for their tokens instead.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
      // connect() subscribes and asks for the twin itself.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // No enhanced authentication.
    }
  }

  private static boolean proxyCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ProxySockets.ProxyRefusedException p && p.credentials) {
        return true;
      }
    }
    return false;
  }

  private static boolean untrusted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** The MQTT client's message, with the first underlying cause's (the proxy's, the TLS handshake's, the socket's). */
  private static String describe(MqttException e) {
    Throwable cause = e.getCause();
    while (cause instanceof MqttException && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String detail = cause == null || cause == e ? "" : " (" + cause.getMessage() + ")";
    return e.getMessage() + " [code " + e.getReasonCode() + "]" + detail;
  }

  private void closeQuietly() {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(2_000);
      }
      client.close();
    } catch (MqttException e) {
      // Closing a broken connection: nothing more to do, the next connect starts afresh.
    }
    client = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
