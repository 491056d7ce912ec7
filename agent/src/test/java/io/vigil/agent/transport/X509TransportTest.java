package io.vigil.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.broker.BrokerConfig;
import io.vigil.hub.broker.MqttBroker;
import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ca.DeviceCredentials;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.twin.TwinStore;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The agent's transport with an X.509 device certificate (mutual TLS) against the real hub broker. */
class X509TransportTest {
  @TempDir static Path dir;
  static MqttBroker broker;
  static CertificateAuthority ca;
  static DeviceRegistry registry;
  static int tlsPort;
  static final List<String> stored = new CopyOnWriteArrayList<>();
  static final List<String> operations = new CopyOnWriteArrayList<>();

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
    registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    CaRegistry cas = CaRegistry.open(dir.resolve("cas.json"), ca.certificate(), clock, new SecureRandom(), (d, op, at) -> { });
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "localhost", port, 256 * 1024, tls), registry, cas,
        (Device d, SecurityMessage m, Instant at) -> {
          stored.add(d.deviceId());
          return CompletableFuture.completedFuture(null);
        },
        (d, op, at) -> operations.add(d + " " + op.operation() + "/" + op.result()),
        TwinStore.open(dir.resolve("twins"), id -> registry.find(id).isPresent()), clock);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static DeviceCredentials.Files issue(String id, Duration validity) {
    DeviceCredentials creds = ca.issueDeviceCertificate(id, validity);
    registry.createWithThumbprint(id, null, creds.thumbprint(), null);
    return creds.writeTo(dir.resolve("certs"), id);
  }

  private static MqttTransport transport(String id, DeviceCertificate cert, MqttVersion version) {
    ConnectionString cs = ConnectionString.parse("HostName=localhost;DeviceId=" + id + ";x509=true;Port=" + tlsPort);
    return new MqttTransport(cs, Clock.systemUTC(), DeviceTopics.securityTelemetry(id), ca.certificateFile(), null, cert, version);
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void aDeviceWithItsCertificateConnectsAndSends(MqttVersion version) throws Exception {
    String id = "x509-agent-" + version.configValue();
    DeviceCredentials.Files files = issue(id, Duration.ofDays(30));
    DeviceCertificate cert = DeviceCertificate.load(files.certificate(), files.privateKey());
    assertThat(cert.subject()).contains("CN=" + id);
    try (MqttTransport t = transport(id, cert, version)) {
      t.connect();
      assertThat(t.tokenExpiry()).isEqualTo(Instant.MAX);
      t.publish(new SecurityMessageCodec().encode(SecurityMessage.of("1", "072f3eca-3db0-45ba-8174-fa383bc93caf",
          List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of())))));
    }
    assertThat(stored).contains(id);
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void anotherDevicesCertificateIsRefusedAndNotRetried(MqttVersion version) throws Exception {
    String owner = "x509-owner-" + version.configValue();
    issue(owner, Duration.ofDays(30));
    DeviceCredentials.Files other = issue("x509-other-" + version.configValue(), Duration.ofDays(30));
    DeviceCertificate cert = DeviceCertificate.load(other.certificate(), other.privateKey());
    try (MqttTransport t = transport(owner, cert, version)) {
      assertThatThrownBy(t::connect).isInstanceOfSatisfying(TransportException.class, e -> {
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("cannot connect to ssl://localhost:" + tlsPort
            + (version == MqttVersion.V5 ? "" : " (MQTT 3.1.1)") + " as '" + owner + "'");
      });
    }
  }

  @Test
  void badFilesAreNamedWithWhatIsWrong() throws Exception {
    DeviceCredentials.Files a = issue("x509-a", Duration.ofDays(30));
    DeviceCredentials.Files b = issue("x509-b", Duration.ofDays(30));
    assertThatThrownBy(() -> DeviceCertificate.load(a.certificate(), b.privateKey()))
        .hasMessage("the key in " + b.privateKey() + " does not belong to the certificate in " + a.certificate());
    Path missing = dir.resolve("nope.crt");
    assertThatThrownBy(() -> DeviceCertificate.load(missing, a.privateKey())).hasMessage("certificate file " + missing + " does not exist");
    Path notPem = Files.writeString(dir.resolve("bad.crt"), "hello");
    assertThatThrownBy(() -> DeviceCertificate.load(notPem, a.privateKey()))
        .hasMessageStartingWith("certificate file " + notPem + " is not a PEM certificate");
    Path traditional = Files.writeString(dir.resolve("old.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> DeviceCertificate.load(a.certificate(), traditional)).hasMessage("key file " + traditional
        + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----) (it is in the traditional format; convert it with:"
        + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
    ConnectionString sas = ConnectionString.parse("HostName=localhost;DeviceId=d;SharedAccessKey=a2V5;Port=" + tlsPort);
    DeviceCertificate cert = DeviceCertificate.load(a.certificate(), a.privateKey());
    assertThatThrownBy(() -> new MqttTransport(sas, Clock.systemUTC(), "t", null, null, cert))
        .hasMessage("a device certificate is given, but the connection string has a SharedAccessKey;"
            + " an X.509 device's connection string says x509=true instead");
    ConnectionString x509 = ConnectionString.parse("HostName=localhost;DeviceId=d;x509=true");
    assertThatThrownBy(() -> new MqttTransport(x509, Clock.systemUTC(), "t", null, null, null))
        .hasMessage("the connection string says x509=true: give --cert-file and --key-file (or CertFile and KeyFile in the --config file)");
  }
}
