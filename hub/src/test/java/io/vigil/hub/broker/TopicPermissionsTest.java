package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPermissionsTest {
  @Test
  void aDeviceMayTouchOnlyItsOwnTopics() {
    assertThat(TopicPermissions.mayPublish("gw-1", "devices/gw-1/messages/events/%24.ifid=x")).isTrue();
    assertThat(TopicPermissions.mayPublish("gw-1", "devices/gw-1/messages/events")).isTrue();
    assertThat(TopicPermissions.mayPublish("gw-1", "$iothub/twin/GET/?$rid=1")).isTrue();
    assertThat(TopicPermissions.mayPublish("gw-1", "devices/gw-2/messages/events/")).isFalse();
    assertThat(TopicPermissions.mayPublish("gw-1", "devices/gw-1/messages/devicebound/x")).isFalse();
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/gw-1/messages/devicebound/#")).isTrue();
    assertThat(TopicPermissions.maySubscribe("gw-1", "$iothub/twin/res/#")).isTrue();
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/+/messages/devicebound/#")).isFalse();
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/gw-1/messages/devicebound/+/x")).isFalse();
    assertThat(TopicPermissions.maySubscribe("gw-1", "#")).isFalse();
    assertThat(TopicPermissions.maySubscribe("gw-1", "$iothub/twin/#")).isFalse();
  }

  @Test
  void aDeviceMaySubscribeToItsOwnDeviceboundTopicAndNoOther() {
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/gw-1/messages/devicebound")).isTrue();
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/gw-1/messages/devicebound/%24.mid=1")).isTrue();
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/gw-2/messages/devicebound/#")).isFalse();
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/gw-10/messages/devicebound/#")).isFalse();
    assertThat(TopicPermissions.maySubscribe("gw-10", "devices/gw-1/messages/devicebound/#")).isFalse();
    assertThat(TopicPermissions.maySubscribe("gw-1", "devices/gw-1/messages/#")).isFalse();
  }
}
