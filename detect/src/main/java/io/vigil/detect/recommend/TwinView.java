package io.vigil.detect.recommend;

import java.util.Map;
import java.util.Objects;

/**
 * A device twin as the twin recommendations see it: plain JSON values (String, Number, Boolean,
 * List, Map), without {@code $} metadata.
 *
 * @param deviceId the device
 * @param desired the desired properties: the agent configuration keys ({@code Process_Disabled} ...)
 * @param desiredVersion the desired properties' {@code $version}
 * @param reported the reported properties: the agent's {@code latest_state}, {@code latest_invalid_fields},
 *     {@code latest_errors}, {@code latest_desired_version} and {@code configuration} (the values in force)
 */
public record TwinView(String deviceId, Map<String, Object> desired, long desiredVersion, Map<String, Object> reported) {
  public TwinView {
    Objects.requireNonNull(deviceId, "deviceId");
    desired = withoutNulls(desired);
    reported = withoutNulls(reported);
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return java.util.Collections.unmodifiableMap(out);
  }
}
