package io.vigil.wire.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A device connection string: {@code HostName=H;DeviceId=D;SharedAccessKey=K}, the IoT Hub form.
 *
 * <p>Vigil adds two optional keys: {@code Port=N} (default 8883) and {@code Tls=false}, which
 * selects plain MQTT and is accepted only for a loopback host.
 *
 * @param hostName the hub's host name, also the host part of the SAS resource uri
 * @param deviceId the device id
 * @param sharedAccessKey the base64 device key
 * @param port the MQTT port
 * @param tls false only for a plain-text development listener on loopback
 */
public record ConnectionString(String hostName, String deviceId, String sharedAccessKey, int port, boolean tls) {
  /** The IoT Hub MQTT-over-TLS port. */
  public static final int DEFAULT_PORT = 8883;

  private static final Set<String> KEYS = Set.of("HostName", "DeviceId", "SharedAccessKey", "Port", "Tls");

  public ConnectionString {
    require(hostName, "HostName");
    require(deviceId, "DeviceId");
    require(sharedAccessKey, "SharedAccessKey");
    try {
      Base64.getDecoder().decode(sharedAccessKey);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("connection string: SharedAccessKey is not valid base64");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("connection string: Port " + port + " is not between 1 and 65535");
    }
    if (!tls && !isLoopback(hostName)) {
      throw new IllegalArgumentException(
          "connection string: Tls=false is allowed only for a loopback host, not '" + hostName + "'");
    }
  }

  /**
   * Parses {@code key=value} pairs separated by ';'. Values may contain '=' (base64 keys do).
   *
   * @throws IllegalArgumentException naming the missing, unknown or malformed part; never echoes the key
   */
  public static ConnectionString parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("connection string is empty");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : text.trim().split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        String shown = part.length() > 20 ? part.substring(0, 20) + "..." : part;
        throw new IllegalArgumentException("connection string: '" + shown + "' is not Key=Value");
      }
      String key = part.substring(0, eq).trim();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("connection string: unknown key '" + key + "'; known keys are " + KEYS);
      }
      fields.put(key, part.substring(eq + 1).trim());
    }
    int port = DEFAULT_PORT;
    if (fields.containsKey("Port")) {
      try {
        port = Integer.parseInt(fields.get("Port"));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("connection string: Port '" + fields.get("Port") + "' is not a number");
      }
    }
    String tls = fields.getOrDefault("Tls", "true");
    if (!tls.equalsIgnoreCase("true") && !tls.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("connection string: Tls '" + tls + "' must be true or false");
    }
    return new ConnectionString(
        fields.get("HostName"), fields.get("DeviceId"), fields.get("SharedAccessKey"), port, Boolean.parseBoolean(tls));
  }

  /** A fresh random 256-bit key, base64. */
  public static String newKey(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** The wire form; Port and Tls appear only when they differ from the defaults. */
  @Override
  public String toString() {
    return "HostName=" + hostName + ";DeviceId=" + deviceId + ";SharedAccessKey=" + sharedAccessKey
        + (port != DEFAULT_PORT ? ";Port=" + port : "")
        + (tls ? "" : ";Tls=false");
  }

  /** The form safe for logs: the key is replaced by {@code ***}. */
  public String redacted() {
    return toString().replace(sharedAccessKey, "***");
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

  private static void require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("connection string: " + key + " is missing");
    }
  }
}
