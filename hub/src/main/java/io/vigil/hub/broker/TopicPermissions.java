package io.vigil.hub.broker;

/**
 * What a device may publish and subscribe to: only its own topics, as on IoT Hub.
 *
 * <ul>
 *   <li>publish {@code devices/{id}/messages/events/...} and {@code $iothub/twin/...};
 *   <li>subscribe {@code devices/{id}/messages/devicebound/#}, {@code $iothub/twin/res/#},
 *       {@code $iothub/twin/PATCH/properties/desired/#} and {@code $iothub/methods/POST/#}.
 * </ul>
 */
final class TopicPermissions {
  private TopicPermissions() {}

  static boolean mayPublish(String deviceId, String topic) {
    String own = "devices/" + deviceId + "/messages/events";
    return topic.equals(own)
        || topic.startsWith(own + "/")
        || (topic.startsWith("$iothub/twin/") && !topic.contains("#") && !topic.contains("+"));
  }

  static boolean maySubscribe(String deviceId, String filter) {
    return filter.equals("devices/" + deviceId + "/messages/devicebound/#")
        || filter.equals("$iothub/twin/res/#")
        || filter.equals("$iothub/twin/PATCH/properties/desired/#")
        || filter.equals("$iothub/methods/POST/#");
  }
}
