package io.vigil.hub.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.vigil.hub.ca.CertificateTrust;
import io.vigil.hub.ingest.CloudToDeviceCounters;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.hub.ingest.RateLimit;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.twin.TwinService;
import io.vigil.hub.twin.TwinStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;

/**
 * The embedded MQTT broker (HiveMQ CE) with Vigil's extension: SAS or X.509 authentication, per-device
 * topic authorization, security-message ingestion with PUBACK after durable storage, and the
 * device twin service.
 */
public final class MqttBroker implements AutoCloseable {
  private static final String CLIENT_TRUSTSTORE = "client-trust.p12";

  private final EmbeddedHiveMQ hivemq;
  private final TelemetryGate gate;
  private final TwinService twins;
  private final CloudToDevice cloudToDevice;

  private MqttBroker(EmbeddedHiveMQ hivemq, TelemetryGate gate, TwinService twins, CloudToDevice cloudToDevice) {
    this.hivemq = hivemq;
    this.gate = gate;
    this.twins = twins;
    this.cloudToDevice = cloudToDevice;
  }

  /**
   * Starts the broker, with device twins kept in {@code WORKDIR/twins}, and returns once it listens.
   *
   * @throws IllegalStateException if it cannot start, for example because the port is taken
   */
  public static MqttBroker start(
      BrokerConfig config, DeviceRegistry registry, IngestSink sink, HubOperationLog operations, Clock clock) {
    return start(config, registry, sink, operations,
        TwinStore.open(config.workDir().resolve("twins"), id -> registry.find(id).isPresent()), clock);
  }

  /**
   * Starts the broker and returns once it listens.
   *
   * @param twinStore where the device twins are kept
   * @throws IllegalStateException if it cannot start, for example because the port is taken
   */
  public static MqttBroker start(
      BrokerConfig config, DeviceRegistry registry, IngestSink sink, HubOperationLog operations, TwinStore twinStore, Clock clock) {
    return start(config, registry, CertificateTrust.none(), sink, operations, twinStore, clock);
  }

  /**
   * Starts the broker and returns once it listens. Devices authenticate with SAS tokens on both
   * listeners, or with client certificates on the TLS listener.
   *
   * @param caTrust the CAs trusted for CA-signed device certificates
   * @param twinStore where the device twins are kept
   * @throws IllegalStateException if it cannot start, for example because the port is taken
   */
  public static MqttBroker start(BrokerConfig config, DeviceRegistry registry, CertificateTrust caTrust, IngestSink sink,
      HubOperationLog operations, TwinStore twinStore, Clock clock) {
    return start(config, registry, caTrust, sink, operations, twinStore, clock, ConnectionFilter.allowAll());
  }

  /**
   * Starts the broker and returns once it listens, with an IP filter that every CONNECT passes
   * before its credentials are checked, and no rate limit.
   *
   * @param filter the IP filter, asked at each CONNECT (so a change applies to the next one)
   * @throws IllegalStateException if it cannot start, for example because the port is taken
   */
  public static MqttBroker start(BrokerConfig config, DeviceRegistry registry, CertificateTrust caTrust, IngestSink sink,
      HubOperationLog operations, TwinStore twinStore, Clock clock, ConnectionFilter filter) {
    TelemetryGate gate = TelemetryGate.create(config.maxMessageBytes(), RateLimit.unlimited(), operations, clock);
    return start(config, registry, caTrust, gate, sink, operations, twinStore, clock, filter);
  }

  /** As the full {@code start}, with no IP filter. */
  public static MqttBroker start(BrokerConfig config, DeviceRegistry registry, CertificateTrust caTrust, TelemetryGate gate,
      IngestSink sink, HubOperationLog operations, TwinStore twinStore, Clock clock) {
    return start(config, registry, caTrust, gate, sink, operations, twinStore, clock, ConnectionFilter.allowAll());
  }

  /**
   * Starts the broker and returns once it listens, with the telemetry checks of {@code gate} (size
   * and rate limits, shared with the HTTPS listener) and the IP filter.
   *
   * @param gate its size limit should be {@code config.maxMessageBytes()}, which sizes the broker's packets
   * @param filter the IP filter, asked at each CONNECT (so a change applies to the next one)
   * @throws IllegalStateException if it cannot start, for example because the port is taken
   */
  public static MqttBroker start(BrokerConfig config, DeviceRegistry registry, CertificateTrust caTrust, TelemetryGate gate,
      IngestSink sink, HubOperationLog operations, TwinStore twinStore, Clock clock, ConnectionFilter filter) {
    Path conf = config.workDir().resolve("conf");
    Path data = config.workDir().resolve("data");
    Path extensions = config.workDir().resolve("extensions");
    try {
      Files.createDirectories(conf);
      Files.createDirectories(data);
      Files.createDirectories(extensions);
      // The file holds the keystore's password: only the owner may read it.
      Path xml = conf.resolve("config.xml");
      Files.deleteIfExists(xml);
      Files.createFile(xml, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      Files.writeString(xml, configXml(config, conf.resolve(CLIENT_TRUSTSTORE)));
      if (config.tls() != null) {
        BrokerConfig.TlsListener tls = config.tls();
        DeferredClientTrust.writeTruststore(conf.resolve(CLIENT_TRUSTSTORE), tls.keystore().password(),
            DeferredClientTrust.firstCertificate(tls.keystore().file(), tls.keystore().password()));
        DeferredClientTrust.install();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare broker directory " + config.workDir() + ": " + e.getMessage(), e);
    }
    DeviceAuthenticator authenticator =
        new DeviceAuthenticator(new DeviceAuthentication(registry, config.hostName(), caTrust), operations, clock, filter);
    TelemetryInterceptor telemetry = new TelemetryInterceptor(registry, gate, sink, clock);
    TwinService twins = new TwinService(twinStore, new ClientPublisher(), operations, clock);
    TwinInterceptor twinRequests = new TwinInterceptor(twins);
    AuthorizationAudit audit = new AuthorizationAudit(operations, clock);
    CloudToDeviceCounters c2dCounts = new CloudToDeviceCounters();
    DeviceboundAcks deviceboundAcks = new DeviceboundAcks(c2dCounts);
    ConnectionAudit connections = new ConnectionAudit(operations, new PacketSizeAudit(gate, maxPacketBytes(config)), clock);
    ExtensionMain main = new ExtensionMain() {
      @Override
      public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
        Services.securityRegistry().setAuthenticatorProvider(i -> authenticator);
        Services.eventRegistry().setClientLifecycleEventListener(i -> connections);
        Services.initializerRegistry().setClientInitializer((i, client) -> {
          client.addPublishInboundInterceptor(audit);
          client.addSubscribeInboundInterceptor(audit);
          client.addPublishInboundInterceptor(telemetry);
          client.addPublishInboundInterceptor(twinRequests);
          client.addPublishOutboundInterceptor(deviceboundAcks);
          client.addPubackInboundInterceptor(deviceboundAcks);
        });
      }

      @Override
      public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {}
    };
    EmbeddedExtension extension = EmbeddedExtension.builder()
        .withId("vigil-hub").withName("Vigil hub").withVersion("1").withPriority(1000).withStartPriority(1000)
        .withExtensionMain(main).build();
    EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
        .withConfigurationFolder(conf)
        .withDataFolder(data)
        .withExtensionsFolder(extensions)
        .withEmbeddedExtension(extension)
        .withoutLoggingBootstrap()
        .build();
    try {
      hivemq.start().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      twins.close();
      throw new IllegalStateException("interrupted while starting the MQTT broker", e);
    } catch (ExecutionException e) {
      twins.close();
      throw new IllegalStateException("MQTT broker did not start on 127.0.0.1:" + config.plainPort() + ": " + e.getCause().getMessage(), e);
    }
    return new MqttBroker(hivemq, gate, twins, new CloudToDevice(config.maxMessageBytes(), c2dCounts));
  }

  /** The device twin service: devices' twin requests, and desired-property changes sent to devices. */
  public TwinService twins() {
    return twins;
  }

  /** Cloud-to-device messages: sends them to connected devices and counts them. */
  public CloudToDevice cloudToDevice() {
    return cloudToDevice;
  }

  /**
   * Closes the connection of device {@code deviceId} if it has one, for example once it was
   * disabled or deleted: it is then refused when it reconnects.
   */
  public void disconnect(String deviceId) {
    Services.clientService().disconnectClient(deviceId);
  }

  /** Telemetry messages received over MQTT that were not security messages, all devices together. */
  public long otherTelemetryCount() {
    return gate.otherTelemetry(io.vigil.hub.ingest.Channel.MQTT);
  }

  private static String configXml(BrokerConfig config, Path clientTruststore) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>%s
          </listeners>
          <mqtt>
            <packets>
              <max-packet-size>%d</max-packet-size>
            </packets>
          </mqtt>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """.formatted(config.plainPort(), tlsListenerXml(config.tls(), clientTruststore), maxPacketBytes(config));
  }

  /**
   * The broker's packet limit: room above the message limit so that an oversize message reaches the
   * interceptor and gets a reason (beyond it, see {@link PacketSizeAudit}).
   */
  static long maxPacketBytes(BrokerConfig config) {
    return Math.max(config.maxMessageBytes() * 2L, 1 << 20);
  }

  /**
   * The TLS listener asks for a client certificate without requiring one (SAS devices connect
   * without), and accepts any: the authenticator checks it at CONNECT (see {@link DeferredClientTrust}).
   */
  private static String tlsListenerXml(BrokerConfig.TlsListener tls, Path clientTruststore) {
    if (tls == null) {
      return "";
    }
    return """

            <tls-tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
              <tls>
                <keystore>
                  <path>%s</path>
                  <password>%s</password>
                  <private-key-password>%s</private-key-password>
                </keystore>
                <truststore>
                  <path>%s</path>
                  <password>%s</password>
                </truststore>
                <client-authentication-mode>OPTIONAL</client-authentication-mode>
              </tls>
            </tls-tcp-listener>""".formatted(tls.port(), tls.bindAddress(), tls.keystore().file().toAbsolutePath(),
        tls.keystore().password(), tls.keystore().password(), clientTruststore.toAbsolutePath(), tls.keystore().password());
  }

  @Override
  public void close() {
    try {
      hivemq.stop().get();
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("MQTT broker did not stop cleanly: " + e.getCause().getMessage(), e);
    } finally {
      twins.close();
    }
  }
}
