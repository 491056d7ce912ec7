package io.vigil.hub.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a telemetry message arrived.
 *
 * @param protocol {@code MQTT} or {@code HTTPS}, as recorded in hub operations and counts
 * @param sourceIp the sender's address; null when not known
 * @param details what to add to the hub operation of a refusal, such as the MQTT version
 * @param mayWait how long a message over the rate limit may be held rather than refused (0: refuse at once)
 */
public record Channel(String protocol, String sourceIp, Map<String, String> details, Duration mayWait) {
  public static final String MQTT = "MQTT";
  public static final String HTTPS = "HTTPS";

  public Channel {
    Objects.requireNonNull(protocol, "protocol");
    details = Map.copyOf(details);
    Objects.requireNonNull(mayWait, "mayWait");
  }
}
