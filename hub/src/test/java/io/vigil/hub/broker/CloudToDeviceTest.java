package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.ingest.CloudToDeviceCounters;
import io.vigil.hub.ingest.CloudToDeviceCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudToDeviceTest {
  @Test
  void theTopicCarriesTheSystemPropertiesThenTheApplicationOnesUrlEncoded() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("kind", "reboot now");
    props.put("a&b", "c=d");
    assertThat(CloudToDevice.topic("gw-1", "m-1", props)).isEqualTo(
        "devices/gw-1/messages/devicebound/%24.mid=m-1&%24.to=%2Fdevices%2Fgw-1%2Fmessages%2FdeviceBound&kind=reboot%20now&a%26b=c%3Dd");
    assertThat(CloudToDevice.topic("gw-1", "m-2", Map.of()))
        .isEqualTo("devices/gw-1/messages/devicebound/%24.mid=m-2&%24.to=%2Fdevices%2Fgw-1%2Fmessages%2FdeviceBound");
  }

  @Test
  void refusesReservedOrEmptyPropertyNamesAndOversizeMessages() {
    assertThatThrownBy(() -> CloudToDevice.topic("gw-1", "m", Map.of("$.mid", "x")))
        .hasMessage("property name '$.mid': must not be empty or start with '$' (reserved for system properties)");
    assertThatThrownBy(() -> CloudToDevice.topic("gw-1", "m", Map.of("", "x")))
        .hasMessage("property name '': must not be empty or start with '$' (reserved for system properties)");
    CloudToDevice c2d = new CloudToDevice(1024, new CloudToDeviceCounters());
    assertThatThrownBy(() -> c2d.send("gw-1", new byte[1025], Map.of()))
        .hasMessage("message of 1025 bytes is over the limit of 1024 bytes");
    assertThat(c2d.counts().of("gw-1")).as("nothing sent, nothing counted").isEmpty();
  }

  @Test
  void countersKeepSentAndRejectedPerDeviceAndProtocol() {
    CloudToDeviceCounters counters = new CloudToDeviceCounters();
    counters.sent("gw-1", "MQTT");
    counters.sent("gw-1", "MQTT");
    counters.rejected("gw-1", "MQTT");
    counters.rejected("gw-2", "MQTT");
    assertThat(counters.of("gw-1")).isEqualTo(Map.of("MQTT", new CloudToDeviceCounts.Count(2, 1)));
    assertThat(counters.of("gw-2")).isEqualTo(Map.of("MQTT", new CloudToDeviceCounts.Count(0, 1)));
    assertThat(counters.of("gw-3")).isEmpty();
  }

  @Test
  void onlyPubackReasonCodesOf0x80OrMoreAreRejections() {
    for (com.hivemq.extension.sdk.api.packets.publish.AckReasonCode code : com.hivemq.extension.sdk.api.packets.publish.AckReasonCode.values()) {
      boolean success = code == com.hivemq.extension.sdk.api.packets.publish.AckReasonCode.SUCCESS
          || code == com.hivemq.extension.sdk.api.packets.publish.AckReasonCode.NO_MATCHING_SUBSCRIBERS;
      assertThat(DeviceboundAcks.rejects(code)).as(code.name()).isEqualTo(!success);
    }
  }
}
