package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPermissionsTest {
  @Test
  void filtersNameOnlyTheDevicesOwnTopics() {
    assertThat(TopicPermissions.of("gw-1")).extracting(TopicPermissions.Allowed::topicFilter)
        .allSatisfy(f -> assertThat(f.startsWith("$iothub/") || f.startsWith("devices/gw-1/messages/")).isTrue());
    assertThat(TopicPermissions.of("gw-1")).filteredOn(TopicPermissions.Allowed::publish)
        .extracting(TopicPermissions.Allowed::topicFilter)
        .containsExactly("devices/gw-1/messages/events/#", "$iothub/twin/#");
  }
}
