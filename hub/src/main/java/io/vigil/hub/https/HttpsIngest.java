package io.vigil.hub.https;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vigil.hub.broker.TokenAuthentication;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.hub.broker.ConnectionFilter;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.hub.registry.DeviceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The HTTPS device listener, IoT Hub's device REST surface for telemetry: {@code POST
 * /devices/{id}/messages/events} with a SAS token in the {@code Authorization} header. It runs on
 * the JDK's HTTPS server, one virtual thread per request, with the server certificate of Vigil's
 * CA; it is separate from the admin API and knows nothing of its token.
 */
public final class HttpsIngest implements AutoCloseable {
  /** Requests handled at once; beyond it a request is answered 503 at once, so memory stays bounded. */
  static final int MAX_CONCURRENT = 256;

  private final HttpsServer server;
  private final ExecutorService executor;

  private HttpsIngest(HttpsServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts listening and returns once it does.
   *
   * @param hostName the hub's host name, the {@code H} of SAS resources
   * @param gate the size and rate limits and validation, shared with MQTT
   * @param sink where valid security messages go; the answer 204 waits until it has stored them
   * @throws IllegalStateException if it cannot listen or read the keystore, saying which and why
   */
  public static HttpsIngest start(HttpsConfig config, String hostName, DeviceRegistry registry, TelemetryGate gate,
      IngestSink sink, HubOperationLog operations, Clock clock) {
    return start(config, hostName, registry, gate, sink, operations, clock, ConnectionFilter.allowAll());
  }

  /**
   * Starts listening with the IP filter, which every request passes before its token is checked.
   *
   * @param filter the IP filter, asked for each request (so a change applies to the next one)
   */
  public static HttpsIngest start(HttpsConfig config, String hostName, DeviceRegistry registry, TelemetryGate gate,
      IngestSink sink, HubOperationLog operations, Clock clock, ConnectionFilter filter) {
    SSLContext tls = sslContext(config);
    HttpsServer server;
    try {
      server = HttpsServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
    } catch (IOException e) {
      throw new IllegalStateException("HTTPS device listener cannot listen on " + config.bindAddress() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", new EventsHandler(new TokenAuthentication(registry, hostName), gate, sink, operations, clock, MAX_CONCURRENT, filter));
    server.start();
    return new HttpsIngest(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static SSLContext sslContext(HttpsConfig config) {
    try (InputStream in = Files.newInputStream(config.keystore().file())) {
      char[] password = config.keystore().password().toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("HTTPS device listener cannot use keystore " + config.keystore().file() + ": " + e.getMessage(), e);
    }
  }

  /** Stops listening, giving requests in progress up to a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.close();
  }
}
