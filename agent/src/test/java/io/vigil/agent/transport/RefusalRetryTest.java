package io.vigil.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.broker.BrokerConfig;
import io.vigil.hub.broker.MqttBroker;
import io.vigil.hub.ingest.RateLimit;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refusal the hub may lift later (over the device's rate, the hub busy) leaves the message to be
 * sent again; one that cannot change (an invalid message) does not. Against the real hub, whose
 * rate limit here lets one message through and refuses the next.
 */
class RefusalRetryTest {
  @TempDir static Path dir;
  static MqttBroker broker;
  static RegisteredDevice gw;
  static RegisteredDevice other;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    gw = registry.create("gw-rate", null);
    other = registry.create("gw-invalid", null);
    TelemetryGate gate = TelemetryGate.create(256 * 1024, new RateLimit(0.001, 1), (device, op, at) -> {}, Clock.systemUTC());
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "localhost", port, 256 * 1024, null), registry,
        io.vigil.hub.ca.CertificateTrust.none(), gate, (Device d, SecurityMessage m, Instant at) -> CompletableFuture.completedFuture(null),
        (device, op, at) -> {}, io.vigil.hub.twin.TwinStore.open(dir.resolve("twins"), id -> true), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static byte[] heartbeat() {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
  }

  private static MqttTransport transport(RegisteredDevice device) {
    ConnectionString cs = new ConnectionString("localhost", device.deviceId(), device.primaryKey(), port, false);
    return new MqttTransport(cs, Clock.systemUTC(), DeviceTopics.securityTelemetry(cs.deviceId()), null, null, null, MqttVersion.V5);
  }

  @Test
  void overTheRateLimitTheMessageIsLeftToBeSentAgain() throws Exception {
    MqttTransport transport = transport(gw);
    try {
      transport.connect();
      transport.publish(heartbeat());
      assertThatThrownBy(() -> transport.publish(heartbeat()))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("0x97");
    } finally {
      transport.close();
    }
  }

  @Test
  void anInvalidMessageIsNotSentAgain() throws Exception {
    MqttTransport transport = transport(other);
    try {
      transport.connect();
      assertThatThrownBy(() -> transport.publish("{\"AgentVersion\": 1}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("0x99");
    } finally {
      transport.close();
    }
  }

  @Test
  void refusalsAreRetryableExactlyWhenTheHubMayLiftThem() {
    assertThat(BrokerSession.retryable(0x97)).as("quota exceeded").isTrue();
    assertThat(BrokerSession.retryable(0x83)).as("implementation specific: not stored, the hub is busy").isTrue();
    assertThat(BrokerSession.retryable(0x89)).as("server busy").isTrue();
    assertThat(BrokerSession.retryable(0x99)).as("payload format invalid").isFalse();
    assertThat(BrokerSession.retryable(0x87)).as("not authorized").isFalse();
    assertThat(BrokerSession.retryable(0x95)).as("packet too large").isFalse();
  }
}
