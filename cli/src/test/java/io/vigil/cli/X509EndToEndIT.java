package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X.509 device authentication end to end with real processes on loopback: {@code vigil device create
 * --auth x509} on a running server writes a certificate and key, and a device holding only those
 * files (and the hub's CA certificate) connects with mutual TLS and publishes a security message that
 * {@code vigil query} then finds.
 */
class X509EndToEndIT {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    VigilProcess.stopAll(processes);
  }

  /** The device's TLS context, built from its PEM files with the JDK alone, as a device would. */
  private static SSLSocketFactory deviceTls(Path crt, Path key, Path hubCa) throws Exception {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<Certificate> chain;
    try (InputStream in = Files.newInputStream(crt)) {
      chain = List.copyOf(x509.generateCertificates(in));
    }
    String pem = Files.readString(key);
    byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
    PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("device", privateKey, new char[0], chain.toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(hubCa)) {
      trust.setCertificateEntry("hub", x509.generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }

  @Test
  void aDeviceWithTheCertificateTheCliWroteConnectsAndItsMessageIsStored() throws Exception {
    Path data = dir.resolve("data");
    int http = VigilProcess.freePort();
    int tls = VigilProcess.freePort();
    Path serverLog = dir.resolve("server.log");
    processes.add(VigilProcess.start(serverLog, Map.of(), "server", "--data-dir", data.toString(),
        "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(VigilProcess.freePort()),
        "--https-port", "0", "--mqtt-tls-port", Integer.toString(tls), "--bind", "127.0.0.1"));
    VigilProcess.awaitHealthy(http, serverLog);

    Path certs = dir.resolve("certs");
    VigilProcess.Result created = VigilProcess.run("device", "create", "x-1", "--auth", "x509", "--cert-out", certs.toString(),
        "--data-dir", data.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.stdout().trim()).isEqualTo("HostName=localhost;DeviceId=x-1;x509=true;Port=" + tls);
    Path crt = certs.resolve("x-1.crt");
    Path key = certs.resolve("x-1.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(crt))).isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    VigilProcess.Result listed = VigilProcess.run("device", "list", "--data-dir", data.toString());
    assertThat(listed.stdout()).containsPattern("x-1\\s+default\\s+X509SelfSigned\\s+true");

    MqttClient device = new MqttClient("ssl://localhost:" + tls, "x-1", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(deviceTls(crt, key, data.resolve("ca/ca.crt")));
    o.setHttpsHostnameVerificationEnabled(true);
    o.setUserName("localhost/x-1/?api-version=2021-04-12");
    device.connect(o);
    try {
      byte[] message;
      try (InputStream in = X509EndToEndIT.class.getResourceAsStream("X509EndToEndIT/process-create.json")) {
        message = in.readAllBytes();
      }
      device.publish(io.vigil.wire.auth.DeviceTopics.securityTelemetry("x-1"), new MqttMessage(message, 1, false, null));
    } finally {
      device.disconnect();
      device.close();
    }

    VigilProcess.await("the message in SecurityIoTRawEvent", Duration.ofSeconds(30), serverLog, () -> {
      VigilProcess.Result q = VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv",
          "SELECT EventDetails->>'CommandLine' FROM SecurityIoTRawEvent WHERE DeviceId = 'x-1' AND RawEventName = 'ProcessCreate'");
      return q.stdout().contains("curl https://example.invalid/x509-e2e");
    });
    VigilProcess.Result ops = VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv",
        "SELECT Operation, Result, Details->>'AuthType' FROM HubOperation WHERE DeviceId = 'x-1'");
    assertThat(ops.stdout()).contains("Connect,Success,X509");
  }
}
