package io.vigil.hub.ingest;

import io.vigil.wire.auth.DeviceTopics;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A device-to-cloud telemetry topic, {@code devices/{id}/messages/events/{url-encoded property bag}}.
 *
 * @param deviceId the id in the topic
 * @param properties the decoded property bag
 */
public record TelemetryTopic(String deviceId, Map<String, String> properties) {

  private static final String PREFIX = "devices/";
  private static final String EVENTS = "/messages/events";

  public TelemetryTopic {
    properties = Map.copyOf(properties);
  }

  /** The topic a device publishes its security messages to. */
  public static String securityTopic(String deviceId) {
    return DeviceTopics.securityTelemetry(deviceId);
  }

  /** True if the property bag marks this as a security message. */
  public boolean isSecurityMessage() {
    return DeviceTopics.SECURITY_INTERFACE.equals(properties.get(DeviceTopics.INTERFACE_ID));
  }

  /** Parses {@code topic}; empty if it is not a telemetry topic. */
  public static Optional<TelemetryTopic> parse(String topic) {
    if (!topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int idEnd = topic.indexOf('/', PREFIX.length());
    if (idEnd < 0 || !topic.startsWith(EVENTS, idEnd)) {
      return Optional.empty();
    }
    String rest = topic.substring(idEnd + EVENTS.length());
    if (!rest.isEmpty() && !rest.startsWith("/")) {
      return Optional.empty();
    }
    Map<String, String> props = new LinkedHashMap<>();
    String bag = rest.isEmpty() ? "" : rest.substring(1);
    for (String pair : bag.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        props.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        props.put(key, value); // a malformed %-escape: keep the raw text rather than refuse the message
      }
    }
    return Optional.of(new TelemetryTopic(topic.substring(PREFIX.length(), idEnd), props));
  }
}
