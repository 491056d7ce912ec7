package io.vigil.hub.broker;

import java.util.List;

/**
 * What a device may publish and subscribe to: only its own topics, as on IoT Hub. Everything else
 * is denied.
 *
 * <ul>
 *   <li>publish {@code devices/{id}/messages/events/...} and {@code $iothub/twin/...};
 *   <li>subscribe {@code devices/{id}/messages/devicebound/#}, {@code $iothub/twin/res/#},
 *       {@code $iothub/twin/PATCH/properties/desired/#} and {@code $iothub/methods/POST/#}.
 * </ul>
 *
 * <p>Device ids cannot hold '/', '+' or '#' ({@link io.vigil.model.Device#requireValidId}), so a
 * filter built from one cannot reach another device's topics.
 */
final class TopicPermissions {
  private TopicPermissions() {}

  /** One allowed topic filter. */
  record Allowed(String topicFilter, boolean publish) {}

  static List<Allowed> of(String deviceId) {
    return List.of(
        new Allowed("devices/" + deviceId + "/messages/events/#", true),
        new Allowed("$iothub/twin/#", true),
        new Allowed("devices/" + deviceId + "/messages/devicebound/#", false),
        new Allowed("$iothub/twin/res/#", false),
        new Allowed("$iothub/twin/PATCH/properties/desired/#", false),
        new Allowed("$iothub/methods/POST/#", false));
  }
}
