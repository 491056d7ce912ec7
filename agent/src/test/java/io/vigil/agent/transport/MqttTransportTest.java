package io.vigil.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.broker.BrokerConfig;
import io.vigil.hub.broker.MqttBroker;
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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The agent's transport against the real hub broker on loopback. */
class MqttTransportTest {
  @TempDir static Path dir;
  static MqttBroker broker;
  static RegisteredDevice gw;
  static int port;
  static final List<String> connects = new CopyOnWriteArrayList<>();
  static final List<String> versions = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    gw = registry.create("gw-1", null);
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "localhost", port, 256 * 1024, null), registry,
        (Device d, SecurityMessage m, Instant at) -> CompletableFuture.completedFuture(null),
        (device, op, at) -> {
          connects.add(op.operation() + "/" + op.result());
          if (op.operation().equals("Connect")) {
            versions.add(op.result() + " " + op.extraDetails().get("MqttVersion"));
          }
        }, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static byte[] heartbeat() {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
  }

  private static MqttTransport transport(ConnectionString cs, Clock clock, MqttVersion version) {
    return new MqttTransport(cs, clock, DeviceTopics.securityTelemetry(cs.deviceId()), null, null, null, version);
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void theSasTokenIsRenewedBeforeItExpires(MqttVersion version) throws Exception {
    MovableClock clock = new MovableClock();
    ConnectionString cs = new ConnectionString("localhost", "gw-1", gw.primaryKey(), port, false);
    try (MqttTransport t = transport(cs, clock, version)) {
      versions.clear();
      t.connect();
      assertThat(versions).containsExactly("Success " + (version == MqttVersion.V5 ? "V_5" : "V_3_1_1"));
      Instant firstExpiry = t.tokenExpiry();
      t.publish(heartbeat());
      assertThat(t.tokenExpiry()).isEqualTo(firstExpiry);
      clock.now = clock.now.plus(Duration.ofMinutes(51)); // under 10 minutes left
      long before = connects.stream().filter("Connect/Success"::equals).count();
      t.publish(heartbeat());
      assertThat(t.tokenExpiry()).isAfter(firstExpiry);
      assertThat(connects.stream().filter("Connect/Success"::equals).count()).isEqualTo(before + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void aWrongKeyIsRefusedWithTheHubsReasonAndNotRetried(MqttVersion version) {
    ConnectionString cs = new ConnectionString("localhost", "gw-1", "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMTI=", port, false);
    try (MqttTransport t = transport(cs, Clock.systemUTC(), version)) {
      assertThatThrownBy(t::connect)
          .isInstanceOf(TransportException.class)
          .hasMessageStartingWith("cannot connect to tcp://localhost:" + port + (version == MqttVersion.V5 ? "" : " (MQTT 3.1.1)")
              + " as 'gw-1'")
          .satisfies(e -> assertThat(((TransportException) e).retryable()).isFalse());
    }
  }

  @Test
  void anUnreadableCaFileSaysWhich() {
    ConnectionString cs = new ConnectionString("hub.example", "gw-1", gw.primaryKey(), 8883, true);
    assertThatThrownBy(() -> new MqttTransport(cs, Clock.systemUTC(), "t", dir.resolve("missing.crt")))
        .hasMessage("--ca-file " + dir.resolve("missing.crt") + " cannot be used: it does not exist");
  }
}
