package io.vigil.hub.twin;

import java.util.Optional;

/**
 * The IoT Hub device twin topics: the two requests a device publishes, and the topics of the hub's
 * answers. Pure.
 *
 * <ul>
 *   <li>{@code $iothub/twin/GET/?$rid=R}: get the whole twin;
 *   <li>{@code $iothub/twin/PATCH/properties/reported/?$rid=R}: patch the reported properties;
 *   <li>{@code $iothub/twin/res/{status}/?$rid=R[&$version=V]}: the answer to request R;
 *   <li>{@code $iothub/twin/PATCH/properties/desired/?$version=V}: desired properties changed.
 * </ul>
 */
final class TwinTopic {
  static final String ROOT = "$iothub/twin";
  private static final String GET = ROOT + "/GET/";
  private static final String PATCH_REPORTED = ROOT + "/PATCH/properties/reported/";

  private TwinTopic() {}

  /** A device's publish on a twin topic. */
  sealed interface Request permits Get, ReportedPatch, Unsupported {
    /** The {@code $rid} to answer to; empty when the device cannot be answered. */
    Optional<String> replyTo();
  }

  /** {@code $iothub/twin/GET/?$rid=R}. */
  record Get(String requestId) implements Request {
    @Override
    public Optional<String> replyTo() {
      return Optional.of(requestId);
    }
  }

  /** {@code $iothub/twin/PATCH/properties/reported/?$rid=R}. */
  record ReportedPatch(String requestId) implements Request {
    @Override
    public Optional<String> replyTo() {
      return Optional.of(requestId);
    }
  }

  /**
   * Any other twin topic.
   *
   * @param requestId the topic's {@code $rid}, if it has one: the device can then be answered
   * @param why what is wrong with the topic
   */
  record Unsupported(Optional<String> requestId, String why) implements Request {
    @Override
    public Optional<String> replyTo() {
      return requestId;
    }
  }

  /** Whether {@code topic} is in the twin namespace, {@code $iothub/twin} or below. */
  static boolean isTwinTopic(String topic) {
    return topic.equals(ROOT) || topic.startsWith(ROOT + "/");
  }

  /** Reads a device's twin publish topic. */
  static Request parse(String topic) {
    int q = topic.indexOf('?');
    String path = q < 0 ? topic : topic.substring(0, q);
    Optional<String> rid = q < 0 ? Optional.empty() : parameter(topic.substring(q + 1), "$rid");
    boolean known = path.equals(GET) || path.equals(PATCH_REPORTED);
    if (known && rid.isEmpty()) {
      return new Unsupported(rid, "twin request '" + topic + "' has no $rid");
    }
    if (path.equals(GET)) {
      return new Get(rid.get());
    }
    if (path.equals(PATCH_REPORTED)) {
      return new ReportedPatch(rid.get());
    }
    return new Unsupported(rid, "unsupported twin topic '" + topic + "'; devices publish " + GET + "?$rid=R or "
        + PATCH_REPORTED + "?$rid=R");
  }

  /** {@code $iothub/twin/res/{status}/?$rid=R}. */
  static String response(int status, String requestId) {
    return ROOT + "/res/" + status + "/?$rid=" + requestId;
  }

  /** {@code $iothub/twin/res/{status}/?$rid=R&$version=V}. */
  static String response(int status, String requestId, long version) {
    return response(status, requestId) + "&$version=" + version;
  }

  /** {@code $iothub/twin/PATCH/properties/desired/?$version=V}. */
  static String desiredPatch(long version) {
    return ROOT + "/PATCH/properties/desired/?$version=" + version;
  }

  /** The non-empty value of {@code name} in a query string {@code a=1&b=2}. */
  private static Optional<String> parameter(String query, String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name) && eq < pair.length() - 1) {
        return Optional.of(pair.substring(eq + 1));
      }
    }
    return Optional.empty();
  }
}
