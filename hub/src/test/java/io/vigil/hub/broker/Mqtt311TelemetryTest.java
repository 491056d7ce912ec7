package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.SasToken;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security messages from MQTT 3.1.1 devices, whose PUBACK cannot carry a refusal, over the real
 * embedded broker on loopback.
 */
class Mqtt311TelemetryTest {
  @TempDir static Path dir;
  static MqttBroker broker;
  static RegisteredDevice gw;
  static int port;
  static final List<String> stored = new CopyOnWriteArrayList<>();
  static final List<HubOperation.Operation> operations = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Clock clock = Clock.systemUTC();
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    gw = registry.create("gw-311", null);
    broker = MqttBroker.start(new BrokerConfig(dir.resolve("broker"), "hub.local", port, 256 * 1024, null), registry,
        (Device device, SecurityMessage m, Instant at) -> {
          stored.add(device.deviceId() + ":" + m.events().get(0).kind().eventName());
          return CompletableFuture.completedFuture(null);
        },
        (device, op, at) -> operations.add(op), clock);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void anInvalidMessageIsAcknowledgedRecordedAndNotStoredAndTheConnectionStays() throws Exception {
    String password = SasToken.sign("hub.local/devices/gw-311", gw.primaryKey(), Instant.now().plusSeconds(600)).toString();
    try (Mqtt311Client c = Mqtt311Client.connect(port, "gw-311", "hub.local/gw-311/?api-version=2021-04-12", password)) {
      // Disconnecting instead would make IoT Hub clients resend the same message at once, again and again.
      c.publish(TelemetryTopic.securityTopic("gw-311"), "{\"AgentVersion\": 1}", 1);
      assertThat(operations).anySatisfy(op -> {
        assertThat(op.operation() + "/" + op.result()).isEqualTo("MessageRejected/InvalidMessage");
        assertThat(op.extraDetails()).containsEntry("MqttVersion", "V_3_1_1");
        assertThat(op.extraDetails().get("Reason")).contains("/AgentVersion: expected string, got integer");
      });
      assertThat(stored).isEmpty();

      c.publish(TelemetryTopic.securityTopic("gw-311"), heartbeat(), 1);
      assertThat(stored).containsExactly("gw-311:Heartbeat");
    }
  }

  private static String heartbeat() {
    return new String(new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of())))))),
        StandardCharsets.UTF_8);
  }
}
