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

  /** True if {@code deviceId} may publish to {@code topic} (a topic name, no wildcards). */
  static boolean mayPublish(String deviceId, String topic) {
    return of(deviceId).stream().anyMatch(a -> a.publish() && covers(a.topicFilter(), topic));
  }

  /** True if {@code deviceId} may subscribe to {@code filter}: an allowed filter covers all it matches. */
  static boolean maySubscribe(String deviceId, String filter) {
    return of(deviceId).stream().anyMatch(a -> !a.publish() && covers(a.topicFilter(), filter));
  }

  /** True if every topic {@code inner} matches is matched by {@code outer} (outer ends in '/#' or equals inner). */
  private static boolean covers(String outer, String inner) {
    if (outer.equals(inner)) {
      return true;
    }
    if (outer.endsWith("/#")) {
      String prefix = outer.substring(0, outer.length() - 1);
      if (inner.equals(prefix.substring(0, prefix.length() - 1))) {
        return true; // "a/#" also matches "a"
      }
      return inner.startsWith(prefix) && !inner.substring(prefix.length()).contains("+")
          && !inner.substring(0, prefix.length()).contains("+");
    }
    return false;
  }

  /** The prefix of device {@code deviceId}'s cloud-to-device topics: {@code devices/{id}/messages/devicebound/}. */
  static String devicebound(String deviceId) {
    return "devices/" + deviceId + "/messages/devicebound/";
  }

  static List<Allowed> of(String deviceId) {
    return List.of(
        new Allowed("devices/" + deviceId + "/messages/events/#", true),
        new Allowed("$iothub/twin/#", true),
        new Allowed(devicebound(deviceId) + "#", false),
        new Allowed("$iothub/twin/res/#", false),
        new Allowed("$iothub/twin/PATCH/properties/desired/#", false),
        new Allowed("$iothub/methods/POST/#", false));
  }
}
