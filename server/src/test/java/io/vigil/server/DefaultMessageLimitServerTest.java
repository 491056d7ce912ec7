package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import io.vigil.wire.auth.SasToken;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's default message limit, IoT Hub's 256 KB (262144 bytes), at its boundary over MQTT 5. */
class DefaultMessageLimitServerTest {
  @TempDir Path dir;

  /** A valid security message of exactly {@code size} bytes: a heartbeat, padded with JSON white space. */
  private static byte[] heartbeatOf(int size) {
    byte[] json = new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
    byte[] padded = Arrays.copyOf(json, size);
    Arrays.fill(padded, json.length, size, (byte) ' ');
    return padded;
  }

  @Test
  void aMessageOf262144BytesIsAcceptedAndOneByteMoreIsRefusedWithTheLimit() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    ServerConfig config = ServerConfig.loopback(dir, "localhost", 0, mqtt);
    assertThat(config.maxMessageBytes()).isEqualTo(262_144);
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), a -> { })) {
      RegisteredDevice gw = server.registry().create("gw-big", null);
      MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + mqtt, gw.deviceId(), new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("localhost/gw-big/?api-version=2021-04-12");
      o.setPassword(SasToken.sign(SasToken.deviceResource("localhost", "gw-big"), gw.primaryKey(), Instant.now().plusSeconds(600))
          .toString().getBytes(StandardCharsets.UTF_8));
      c.connect(o).waitForCompletion(10_000);
      try {
        IMqttToken atLimit = c.publish(DeviceTopics.securityTelemetry("gw-big"), new MqttMessage(heartbeatOf(262_144), 1, false, null));
        atLimit.waitForCompletion(10_000);
        assertThat(atLimit.getReasonCodes()).containsExactly(0);

        IMqttToken over = c.publish(DeviceTopics.securityTelemetry("gw-big"), new MqttMessage(heartbeatOf(262_145), 1, false, null));
        over.waitForCompletion(10_000);
        assertThat(over.getReasonCodes()).containsExactly(0x99);
        assertThat(over.getResponseProperties().getReasonString()).isEqualTo("message is 262145 bytes; the limit is 262144");
        assertThat(c.isConnected()).as("a refused message does not cost the connection").isTrue();
      } finally {
        c.disconnect().waitForCompletion(10_000);
        c.close();
      }
    }
    try (var ws = io.vigil.store.DuckDbWorkspace.openReadOnly(dir.resolve("workspace.duckdb"))) {
      assertThat(ws.query("SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-big'", 1).rows())
          .as("the acknowledged message, stored").containsExactly(List.of(1L));
      assertThat(ws.query("SELECT Result, Protocol, Details->>'Reason' FROM HubOperation WHERE DeviceId = 'gw-big'"
          + " AND Operation = 'MessageRejected'", 10).rows())
          .containsExactly(List.of("MessageTooLarge", "MQTT", "message is 262145 bytes; the limit is 262144"));
    }
  }
}
