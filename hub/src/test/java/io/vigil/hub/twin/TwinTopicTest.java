package io.vigil.hub.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TwinTopicTest {
  @Test
  void readsTheTwoDeviceRequests() {
    assertThat(TwinTopic.parse("$iothub/twin/GET/?$rid=42")).isEqualTo(new TwinTopic.Get("42"));
    assertThat(TwinTopic.parse("$iothub/twin/PATCH/properties/reported/?$rid=a-b")).isEqualTo(new TwinTopic.ReportedPatch("a-b"));
    assertThat(TwinTopic.parse("$iothub/twin/GET/?foo=1&$rid=7")).isEqualTo(new TwinTopic.Get("7"));
  }

  @Test
  void aRequestWithoutRidCannotBeAnswered() {
    TwinTopic.Request r = TwinTopic.parse("$iothub/twin/GET/");
    assertThat(r.replyTo()).isEmpty();
    assertThat(((TwinTopic.Unsupported) r).why()).isEqualTo("twin request '$iothub/twin/GET/' has no $rid");
    assertThat(TwinTopic.parse("$iothub/twin/GET/?$rid=").replyTo()).isEmpty();
  }

  @Test
  void otherShapesAreUnsupportedAndAnsweredWhenTheyHaveARid() {
    TwinTopic.Request spoof = TwinTopic.parse("$iothub/twin/res/200/?$rid=9");
    assertThat(spoof.replyTo()).isEqualTo(Optional.of("9"));
    assertThat(((TwinTopic.Unsupported) spoof).why()).isEqualTo("unsupported twin topic '$iothub/twin/res/200/?$rid=9'; "
        + "devices publish $iothub/twin/GET/?$rid=R or $iothub/twin/PATCH/properties/reported/?$rid=R");
    assertThat(TwinTopic.parse("$iothub/twin/PATCH/properties/desired/?$rid=3")).isInstanceOf(TwinTopic.Unsupported.class);
    assertThat(TwinTopic.parse("$iothub/twin/GET?$rid=3")).isInstanceOf(TwinTopic.Unsupported.class);
    assertThat(TwinTopic.parse("$iothub/twin").replyTo()).isEmpty();
  }

  @Test
  void knowsTheTwinNamespace() {
    assertThat(TwinTopic.isTwinTopic("$iothub/twin")).isTrue();
    assertThat(TwinTopic.isTwinTopic("$iothub/twin/anything")).isTrue();
    assertThat(TwinTopic.isTwinTopic("$iothub/twins")).isFalse();
    assertThat(TwinTopic.isTwinTopic("devices/d/messages/events/")).isFalse();
  }

  @Test
  void buildsTheHubTopics() {
    assertThat(TwinTopic.response(200, "1")).isEqualTo("$iothub/twin/res/200/?$rid=1");
    assertThat(TwinTopic.response(204, "1", 5)).isEqualTo("$iothub/twin/res/204/?$rid=1&$version=5");
    assertThat(TwinTopic.desiredPatch(3)).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=3");
  }
}
