package io.vigil.wire.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The IoT-Hub-style MQTT topics of a device. */
public final class DeviceTopics {
  /** The message property that marks a security message. */
  public static final String INTERFACE_ID = "$.ifid";

  /** Its value for the security agent's messages. */
  public static final String SECURITY_INTERFACE = "urn:azureiot:Security:SecurityAgent:1";

  private DeviceTopics() {}

  /** Where device {@code deviceId} publishes security messages: its telemetry topic with the security property bag. */
  public static String securityTelemetry(String deviceId) {
    return "devices/" + deviceId + "/messages/events/" + encode(INTERFACE_ID) + "=" + encode(SECURITY_INTERFACE);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
