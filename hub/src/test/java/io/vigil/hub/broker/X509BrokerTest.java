package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ca.DeviceCredentials;
import io.vigil.hub.ca.Pem;
import io.vigil.hub.ca.RegisteredCa;
import io.vigil.hub.ca.TestCertificates;
import io.vigil.hub.ca.Thumbprint;
import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.hub.twin.TwinStore;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices authenticating with client certificates (mutual TLS) to the real embedded broker on
 * loopback, driven by a real MQTT 5 client (Paho) whose TLS context holds the device's PEM key and
 * certificate and trusts Vigil's CA.
 */
class X509BrokerTest {
  private static final String USER_SUFFIX = "/?api-version=2021-04-12";

  @TempDir static Path dir;
  static MqttBroker broker;
  static DeviceRegistry registry;
  static CertificateAuthority ca;
  static CaRegistry cas;
  static int port;
  static int tlsPort;
  static final List<String> stored = new CopyOnWriteArrayList<>();
  /** "deviceId operation/result", in order. */
  static final List<String> operations = new CopyOnWriteArrayList<>();
  static final List<HubOperation.Operation> details = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0); ServerSocket t = new ServerSocket(0)) {
      port = s.getLocalPort();
      tlsPort = t.getLocalPort();
    }
    Clock clock = Clock.systemUTC();
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), clock, new SecureRandom());
    var tls = new BrokerConfig.TlsListener("127.0.0.1", tlsPort, ca.issueServerKeystore(List.of("localhost", "127.0.0.1")));
    registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    cas = CaRegistry.open(dir.resolve("cas.json"), ca.certificate(), clock, new SecureRandom(), X509BrokerTest::record);
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "hub.local", port, 256 * 1024, tls), registry, cas,
        (Device device, SecurityMessage m, Instant at) -> {
          stored.add(device.deviceId() + ":" + m.events().get(0).kind().eventName());
          return CompletableFuture.completedFuture(null);
        },
        X509BrokerTest::record, TwinStore.open(dir.resolve("twins"), id -> true), clock);
  }

  private static void record(String deviceId, HubOperation.Operation op, Instant at) {
    operations.add(deviceId + " " + op.operation() + "/" + op.result());
    details.add(op);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  /** An SSL context as a device builds it from its PEM files: its key and certificate chain, trusting Vigil's CA. */
  static SSLSocketFactory mutualTls(List<X509Certificate> chain, PrivateKey key) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("device", key, new char[0], chain.toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("vigil", ca.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }

  /** Connects over TLS with a client certificate and no password, as the IoT Hub x509 devices do. */
  static MqttAsyncClient connect(String deviceId, List<X509Certificate> chain, PrivateKey key) throws Exception {
    return connect("ssl://localhost:" + tlsPort, deviceId, mutualTls(chain, key), null);
  }

  static MqttAsyncClient connect(String uri, String deviceId, SSLSocketFactory sockets, String password) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(uri, deviceId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    if (sockets != null) {
      o.setSocketFactory(sockets);
      o.setHttpsHostnameVerificationEnabled(true);
    }
    o.setUserName("hub.local/" + deviceId + USER_SUFFIX);
    if (password != null) {
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    try {
      c.connect(o).waitForCompletion(10_000);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return c;
  }

  static void close(MqttAsyncClient c) throws MqttException {
    c.disconnect().waitForCompletion(10_000);
    c.close();
  }

  private static byte[] heartbeat() {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
  }

  private static void publishesAndIsStored(MqttAsyncClient c, String deviceId) throws MqttException {
    IMqttToken t = c.publish(TelemetryTopic.securityTopic(deviceId), new MqttMessage(heartbeat(), 1, false, null));
    t.waitForCompletion(10_000);
    assertThat(t.getReasonCodes()).containsExactly(0);
    assertThat(stored).contains(deviceId + ":Heartbeat");
  }

  /** Asserts the CONNECT is refused with NOT_AUTHORIZED and recorded as {@code AuthFailure/result}. */
  private static void refused(String deviceId, String result, ThrowingConnect connect) {
    assertThatThrownBy(connect::run)
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x87));
    assertThat(operations).contains(deviceId + " AuthFailure/" + result);
  }

  @FunctionalInterface
  interface ThrowingConnect {
    void run() throws Exception;
  }

  @Test
  void aDeviceWithACertificateIssuedByVigilConnectsAndPublishes() throws Exception {
    DeviceCredentials issued = ca.issueDeviceCertificate("x-vigil", Duration.ofDays(365));
    // The device reads its files back with the JDK alone.
    DeviceCredentials.Files files = issued.writeTo(dir.resolve("x-vigil"), "x-vigil");
    List<X509Certificate> chain = Pem.readCertificates(Files.readString(files.certificate()), "x-vigil.crt");
    PrivateKey key = Pem.readPrivateKey(Files.readString(files.privateKey()), "x-vigil.key");
    registry.createWithThumbprint("x-vigil", null, issued.thumbprint(), null);

    MqttAsyncClient c = connect("x-vigil", chain, key);
    try {
      publishesAndIsStored(c, "x-vigil");
    } finally {
      close(c);
    }
    assertThat(operations).contains("x-vigil Connect/Success");
    assertThat(details).anySatisfy(op -> {
      assertThat(op.operation()).isEqualTo("Connect");
      assertThat(op.extraDetails()).containsEntry("AuthType", "X509").containsEntry("CertificateThumbprint", issued.thumbprint().hex());
    });
  }

  @Test
  void aSelfSignedCertificateRegisteredByItsSha1ThumbprintConnects() throws Exception {
    TestCertificates.Issued self = TestCertificates.selfSigned("x-self");
    String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(self.certificate().getEncoded()));
    registry.createWithThumbprint("x-self", null, Thumbprint.parse(sha1), null);
    MqttAsyncClient c = connect("x-self", List.of(self.certificate()), self.key());
    try {
      publishesAndIsStored(c, "x-self");
    } finally {
      close(c);
    }
  }

  @Test
  void aCertificateWithAnotherThumbprintIsRefusedAndRecorded() {
    TestCertificates.Issued registered = TestCertificates.selfSigned("x-wrong");
    TestCertificates.Issued presented = TestCertificates.selfSigned("x-wrong");
    registry.createWithThumbprint("x-wrong", null, Thumbprint.sha256(registered.certificate()), null);
    refused("x-wrong", "ThumbprintMismatch", () -> connect("x-wrong", List.of(presented.certificate()), presented.key()));
    assertThat(details).anySatisfy(op -> assertThat(op.extraDetails().get("Reason"))
        .isEqualTo("certificate thumbprint " + Thumbprint.sha256(presented.certificate()).hex() + " is not registered for device 'x-wrong'"));
  }

  @Test
  void anExpiredCertificateIsRefusedAndRecorded() {
    Instant now = Instant.now();
    DeviceCredentials old = ca.issueDeviceCertificate("x-old", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)));
    registry.createWithThumbprint("x-old", null, old.thumbprint(), null);
    refused("x-old", "ExpiredCertificate", () -> connect("x-old", old.chain(), old.privateKey()));
  }

  @Test
  void aCertificateChainingToAVerifiedRegisteredCaConnectsAndAnUnverifiedCaIsRefused() throws Exception {
    TestCertificates.Issued acme = TestCertificates.rootCa("Acme Root");
    RegisteredCa pending = cas.add("acme", acme.certificate());
    TestCertificates.Issued device = TestCertificates.signed(acme, "x-acme", false);
    registry.createCaSigned("x-acme", null);
    refused("x-acme", "UntrustedCertificate", () -> connect("x-acme", List.of(device.certificate()), device.key()));

    cas.verify("acme", TestCertificates.signed(acme, pending.verificationCode(), false).certificate());
    MqttAsyncClient c = connect("x-acme", List.of(device.certificate()), device.key());
    try {
      publishesAndIsStored(c, "x-acme");
    } finally {
      close(c);
    }
    assertThat(operations).contains("x-acme Connect/Success", " CaAdded/Success", " CaVerified/Success");

    // A device that sends its intermediate along.
    TestCertificates.Issued factory = TestCertificates.signed(acme, "Acme Factory", true);
    TestCertificates.Issued viaFactory = TestCertificates.signed(factory, "x-acme-2", false);
    registry.createCaSigned("x-acme-2", null);
    MqttAsyncClient c2 = connect("x-acme-2", List.of(viaFactory.certificate(), factory.certificate()), viaFactory.key());
    close(c2);
  }

  @Test
  void aCertificateWhoseCnIsNotTheDeviceIdIsRefused() {
    DeviceCredentials other = ca.issueDeviceCertificate("x-other", Duration.ofDays(1));
    registry.createCaSigned("x-cn", null);
    refused("x-cn", "CertificateDeviceMismatch", () -> connect("x-cn", other.chain(), other.privateKey()));
    assertThat(details).anySatisfy(op -> assertThat(op.extraDetails().get("Reason"))
        .isEqualTo("certificate CN 'x-other' is not the client id 'x-cn'"));
  }

  @Test
  void aCertificateFromAnUnregisteredCaIsRefused() {
    TestCertificates.Issued rogue = TestCertificates.rootCa("Rogue Root");
    TestCertificates.Issued device = TestCertificates.signed(rogue, "x-rogue", false);
    registry.createCaSigned("x-rogue", null);
    refused("x-rogue", "UntrustedCertificate", () -> connect("x-rogue", List.of(device.certificate(), rogue.certificate()), device.key()));
  }

  @Test
  void aDisabledX509DeviceIsRefused() {
    DeviceCredentials issued = ca.issueDeviceCertificate("x-off", Duration.ofDays(1));
    registry.createWithThumbprint("x-off", null, issued.thumbprint(), null);
    registry.setEnabled("x-off", false);
    refused("x-off", "DisabledDevice", () -> connect("x-off", issued.chain(), issued.privateKey()));
  }

  @Test
  void theWrongKindOfCredentialIsRefusedWithAReason() throws Exception {
    DeviceCredentials issued = ca.issueDeviceCertificate("x-kind", Duration.ofDays(1));
    registry.createWithThumbprint("x-kind", null, issued.thumbprint(), null);
    String token = SasToken.sign("hub.local/devices/x-kind", "c2VjcmV0LWtleS0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1",
        Instant.now().plusSeconds(600)).toString();
    refused("x-kind", "AuthTypeMismatch", () -> connect("ssl://localhost:" + tlsPort, "x-kind", mutualTls(issued.chain(), issued.privateKey()), token));
    // The plain loopback listener has no client certificates: an x509 device cannot use it.
    refused("x-kind", "MissingCertificate", () -> connect("tcp://127.0.0.1:" + port, "x-kind", null, null));

    RegisteredDevice sas = registry.create("x-sas", null);
    refused("x-sas", "AuthTypeMismatch", () -> connect("x-sas", issued.chain(), issued.privateKey()));
    assertThat(details).anySatisfy(op -> assertThat(op.extraDetails().get("Reason")).isEqualTo(
        "device 'x-sas' authenticates with SAS tokens, not a client certificate: send a SAS token as the password"));
    // A SAS device over TLS whose client also holds a certificate still authenticates by its token.
    String sasToken = SasToken.sign("hub.local/devices/x-sas", sas.primaryKey(), Instant.now().plusSeconds(600)).toString();
    close(connect("ssl://localhost:" + tlsPort, "x-sas", mutualTls(issued.chain(), issued.privateKey()), sasToken));
  }
}
