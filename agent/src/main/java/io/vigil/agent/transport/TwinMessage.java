package io.vigil.agent.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.agent.collect.JsonValues;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hub sends a device on the IoT-Hub twin topics, parsed: the whole twin (the answer to a
 * GET), a desired-properties patch, or a refusal of one of the device's twin requests.
 */
public sealed interface TwinMessage {
  String RESPONSES = "$iothub/twin/res/#";
  String DESIRED_PATCHES = "$iothub/twin/PATCH/properties/desired/#";
  String RESPONSE_PREFIX = "$iothub/twin/res/";
  String DESIRED_PREFIX = "$iothub/twin/PATCH/properties/desired/";

  /**
   * Desired properties at {@code version}.
   *
   * @param properties without the {@code $} keys; in a patch, null stands for a removed key
   * @param full true for the whole desired document (from a GET), false for a patch
   */
  record Desired(Map<String, Object> properties, long version, boolean full) implements TwinMessage {}

  /** A twin request the hub answered with an error status (a reported patch it refused, say). */
  record Refused(String requestId, int status, String body) implements TwinMessage {}

  /** Something on a twin topic that does not follow the protocol, with why. */
  record Unreadable(String topic, String reason) implements TwinMessage {}

  /** A reply that needs nothing done: a reported patch the hub accepted. */
  record Accepted(String requestId, int status) implements TwinMessage {}

  static String getTopic(String requestId) {
    return "$iothub/twin/GET/?$rid=" + requestId;
  }

  static String reportedTopic(String requestId) {
    return "$iothub/twin/PATCH/properties/reported/?$rid=" + requestId;
  }

  /**
   * Parses what arrived on {@code topic}.
   *
   * @throws IllegalArgumentException saying what in the topic or body is not as the protocol says
   */
  static TwinMessage parse(String topic, byte[] body) {
    if (topic.startsWith(RESPONSE_PREFIX)) {
      String rest = topic.substring(RESPONSE_PREFIX.length());
      int slash = rest.indexOf('/');
      int status;
      try {
        status = Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("twin response topic '" + topic + "' has no status");
      }
      String rid = query(topic, "$rid");
      if (status == 200) {
        Map<String, Object> twin = object(body, topic);
        if (!(twin.get("desired") instanceof Map<?, ?> desired)) {
          throw new IllegalArgumentException("twin document on '" + topic + "' has no 'desired' object");
        }
        return desired(castMap(desired), topic, true);
      }
      if (status >= 300) {
        return new Refused(rid, status, new String(body, java.nio.charset.StandardCharsets.UTF_8));
      }
      return new Accepted(rid, status);
    }
    if (topic.startsWith(DESIRED_PREFIX)) {
      return desired(object(body, topic), topic, false);
    }
    throw new IllegalArgumentException("'" + topic + "' is not a twin topic");
  }

  private static Desired desired(Map<String, Object> props, String topic, boolean full) {
    if (!(props.get("$version") instanceof Long version)) {
      throw new IllegalArgumentException("desired properties on '" + topic + "' have no whole-number $version");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    props.forEach((k, v) -> {
      if (!k.startsWith("$")) {
        out.put(k, v);
      }
    });
    return new Desired(java.util.Collections.unmodifiableMap(out), version, full);
  }

  /** The value of {@code name} in the topic's property bag ({@code ...?$rid=1&$version=2}), or null. */
  static String query(String topic, String name) {
    int q = topic.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String pair : topic.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static Map<String, Object> object(byte[] body, String topic) {
    try (JsonParser p = new JsonFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the body on '" + topic + "' is not a JSON object");
      }
      return castMap((Map<?, ?>) JsonValues.read(p));
    } catch (IOException e) {
      throw new IllegalArgumentException("the body on '" + topic + "' is not valid JSON: " + e.getMessage(), e);
    }
  }
}
