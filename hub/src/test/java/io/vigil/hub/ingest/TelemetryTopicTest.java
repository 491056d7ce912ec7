package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelemetryTopicTest {
  @Test
  void parsesTheSecurityPropertyBagEncodedOrNot() {
    String topic = TelemetryTopic.securityTopic("gw-1");
    assertThat(topic).isEqualTo("devices/gw-1/messages/events/%24.ifid=urn%3Aazureiot%3ASecurity%3ASecurityAgent%3A1");
    TelemetryTopic t = TelemetryTopic.parse(topic).orElseThrow();
    assertThat(t.deviceId()).isEqualTo("gw-1");
    assertThat(t.isSecurityMessage()).isTrue();
    assertThat(TelemetryTopic.parse("devices/gw-1/messages/events/$.ifid=urn:azureiot:Security:SecurityAgent:1&x=1")
        .orElseThrow().isSecurityMessage()).isTrue();
  }

  @Test
  void plainTelemetryIsNotSecurity() {
    assertThat(TelemetryTopic.parse("devices/gw-1/messages/events/").orElseThrow().isSecurityMessage()).isFalse();
    assertThat(TelemetryTopic.parse("devices/gw-1/messages/events").orElseThrow().properties()).isEmpty();
    assertThat(TelemetryTopic.parse("devices/gw-1/messages/events/bad=%zz").orElseThrow().properties()).containsEntry("bad", "%zz");
  }

  @Test
  void otherTopicsAreNotTelemetry() {
    assertThat(TelemetryTopic.parse("$iothub/twin/GET/?$rid=1")).isEmpty();
    assertThat(TelemetryTopic.parse("devices/gw-1/messages/eventsX")).isEmpty();
    assertThat(TelemetryTopic.parse("devices/gw-1")).isEmpty();
  }
}
