package io.vigil.server;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import io.vigil.wire.auth.SasToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A device as the server sees one: connects with its SAS key over loopback MQTT 5 and publishes a security message. */
final class TestDevice {
  private TestDevice() {}

  /** Publishes {@code events} as one security message at QoS 1 (so it is stored when this returns), then disconnects. */
  static void publish(int mqttPort, RegisteredDevice device, List<SecurityEvent> events) throws Exception {
    String id = device.deviceId();
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqttPort, id, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("localhost/" + id + "/?api-version=2021-04-12");
    o.setPassword(SasToken.sign(SasToken.deviceResource("localhost", id), device.primaryKey(), Instant.now().plusSeconds(600))
        .toString().getBytes(StandardCharsets.UTF_8));
    client.connect(o);
    byte[] body = new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", events));
    client.publish(DeviceTopics.securityTelemetry(id), new MqttMessage(body, 1, false, new MqttProperties()));
    client.disconnect();
    client.close();
  }
}
