package io.vigil.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.broker.BrokerConfig;
import io.vigil.hub.broker.MqttBroker;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The transport through an HTTP CONNECT proxy (a small real one, on loopback) to the real hub broker over TLS. */
class ProxyTransportTest {
  @TempDir static Path dir;
  static MqttBroker broker;
  static RegisteredDevice gw;
  static int tlsPort;
  static CertificateAuthority ca;
  static ConnectProxy proxy;
  static final List<String> stored = new CopyOnWriteArrayList<>();

  /** An HTTP CONNECT proxy that wants {@code user:secret} and records each CONNECT line. */
  static final class ConnectProxy implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    final List<String> requests = new CopyOnWriteArrayList<>();

    ConnectProxy() throws IOException {
      Thread.ofPlatform().daemon().start(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            Thread.ofPlatform().daemon().start(() -> serve(client));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve(Socket client) {
      try (client) {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        while (!header.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          header.write(b);
        }
        List<String> lines = header.toString(StandardCharsets.ISO_8859_1).lines().toList();
        requests.add(lines.getFirst());
        String expected = "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        if (!lines.contains(expected)) {
          out.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          return;
        }
        String[] target = lines.getFirst().split(" ")[1].split(":");
        try (Socket upstream = new Socket()) {
          upstream.connect(new InetSocketAddress(target[0], Integer.parseInt(target[1])));
          out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread pump = Thread.ofPlatform().daemon().start(() -> copy(upstream, client));
          copy(client, upstream);
          pump.join();
        }
      } catch (IOException | InterruptedException e) {
        // the client went away
      }
    }

    private static void copy(Socket from, Socket to) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
        to.shutdownOutput();
      } catch (IOException e) {
        // one side closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0); ServerSocket t = new ServerSocket(0)) {
      port = s.getLocalPort();
      tlsPort = t.getLocalPort();
    }
    Clock clock = Clock.systemUTC();
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), clock, new SecureRandom());
    var tls = new BrokerConfig.TlsListener("127.0.0.1", tlsPort, ca.issueServerKeystore(List.of("localhost", "127.0.0.1")));
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    gw = registry.create("gw-1", null);
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "localhost", port, 256 * 1024, tls), registry,
        (Device d, SecurityMessage m, Instant at) -> {
          stored.add(d.deviceId());
          return CompletableFuture.completedFuture(null);
        },
        (d, op, at) -> { }, clock);
    proxy = new ConnectProxy();
  }

  @AfterAll
  static void stop() throws IOException {
    proxy.close();
    broker.close();
  }

  private static MqttTransport transport(String proxyUrl) {
    return transport(proxyUrl, MqttVersion.V5);
  }

  private static MqttTransport transport(String proxyUrl, MqttVersion version) {
    ConnectionString cs = ConnectionString.parse("HostName=localhost;DeviceId=gw-1;SharedAccessKey=" + gw.primaryKey() + ";Port=" + tlsPort);
    return new MqttTransport(cs, Clock.systemUTC(), DeviceTopics.securityTelemetry("gw-1"), ca.certificateFile(), HttpProxy.parse(proxyUrl),
        null, version);
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void tlsRunsEndToEndThroughTheTunnel(MqttVersion version) throws Exception {
    stored.clear();
    try (MqttTransport t = transport("http://user:secret@127.0.0.1:" + proxy.port(), version)) {
      t.connect();
      assertThat(t.uri()).isEqualTo("ssl://localhost:" + tlsPort + (version == MqttVersion.V5 ? "" : " (MQTT 3.1.1)")
          + " via http://user:***@127.0.0.1:" + proxy.port());
      t.publish(new SecurityMessageCodec().encode(SecurityMessage.of("1", "072f3eca-3db0-45ba-8174-fa383bc93caf",
          List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of())))));
    }
    assertThat(stored).contains("gw-1");
    // The hub's name went to the proxy unresolved, so the device needs no DNS of its own.
    assertThat(proxy.requests).contains("CONNECT localhost:" + tlsPort + " HTTP/1.1");
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void wrongProxyCredentialsStopTheAgentWithTheReason(MqttVersion version) {
    try (MqttTransport t = transport("http://user:guess@127.0.0.1:" + proxy.port(), version)) {
      assertThatThrownBy(t::connect).isInstanceOfSatisfying(TransportException.class, e -> {
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("the proxy http://user:***@127.0.0.1:" + proxy.port() + " refused CONNECT localhost:"
            + tlsPort + ": 'HTTP/1.1 407 Proxy Authentication Required' (proxy credentials missing or wrong)")
            .doesNotContain("guess");
      });
    }
  }

  @Test
  void anUnreachableProxyIsRetried() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (MqttTransport t = transport("http://127.0.0.1:" + closed)) {
      assertThatThrownBy(t::connect).isInstanceOfSatisfying(TransportException.class, e -> {
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("cannot reach the proxy http://127.0.0.1:" + closed);
      });
    }
  }

  @Test
  void badProxyUrlsSayWhatIsWrongWithoutThePassword() {
    assertThatThrownBy(() -> HttpProxy.parse("socks5://p:1080")).hasMessage("proxy: 'socks5://p:1080' must start with http:// (an HTTP CONNECT proxy)");
    assertThatThrownBy(() -> HttpProxy.parse("http://u:hunter2@proxy")).hasMessage("proxy: 'http://u:***@proxy' needs a host and a port, such as http://proxy.example:3128");
    assertThatThrownBy(() -> HttpProxy.parse("http://proxy:3128/path")).hasMessage("proxy: 'http://proxy:3128/path' must not have a path");
    assertThatThrownBy(() -> HttpProxy.parse("http://pro xy:1")).hasMessage("proxy: 'http://pro xy:1' is not a URL such as http://proxy.example:3128");
    assertThat(HttpProxy.parse("http://u:p@proxy.example:3128")).hasToString("http://u:***@proxy.example:3128");
  }
}
