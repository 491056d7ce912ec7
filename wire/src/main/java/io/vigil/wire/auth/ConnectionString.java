package io.vigil.wire.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A device connection string in the IoT Hub form: {@code HostName=H;DeviceId=D;SharedAccessKey=K}
 * for a device with a symmetric key, {@code HostName=H;DeviceId=D;x509=true} for one that
 * authenticates with its X.509 certificate (mutual TLS).
 *
 * <p>Vigil adds two optional keys: {@code Port=N} (default 8883) and {@code Tls=false}, which
 * selects plain MQTT and is accepted only for a loopback host and never with {@code x509=true}.
 *
 * @param hostName the hub's host name, also the host part of the SAS resource uri
 * @param deviceId the device id
 * @param sharedAccessKey the base64 device key; null exactly when {@code x509} is true
 * @param port the MQTT port
 * @param tls false only for a plain-text development listener on loopback
 * @param x509 true when the device authenticates with its certificate instead of a key
 */
public record ConnectionString(String hostName, String deviceId, String sharedAccessKey, int port, boolean tls, boolean x509) {
  /** The IoT Hub MQTT-over-TLS port. */
  public static final int DEFAULT_PORT = 8883;

  private static final Set<String> KEYS = Set.of("HostName", "DeviceId", "SharedAccessKey", "x509", "Port", "Tls");

  public ConnectionString {
    require(hostName, "HostName");
    require(deviceId, "DeviceId");
    if (x509 && sharedAccessKey != null) {
      throw new IllegalArgumentException("connection string: SharedAccessKey and x509=true exclude each other; give one of them");
    }
    if (!x509) {
      if (sharedAccessKey == null || sharedAccessKey.isBlank()) {
        throw new IllegalArgumentException(
            "connection string: SharedAccessKey is missing (or x509=true for a device with an X.509 certificate)");
      }
      try {
        Base64.getDecoder().decode(sharedAccessKey);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("connection string: SharedAccessKey is not valid base64");
      }
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("connection string: Port " + port + " is not between 1 and 65535");
    }
    if (!tls && x509) {
      throw new IllegalArgumentException("connection string: x509=true needs TLS");
    }
    if (!tls && !isLoopback(hostName)) {
      throw new IllegalArgumentException(
          "connection string: Tls=false is allowed only for a loopback host, not '" + hostName + "'");
    }
  }

  /** A connection string for a device with a symmetric key. */
  public ConnectionString(String hostName, String deviceId, String sharedAccessKey, int port, boolean tls) {
    this(hostName, deviceId, sharedAccessKey, port, tls, false);
  }

  /** A connection string for a device that authenticates with its X.509 certificate over TLS. */
  public static ConnectionString x509(String hostName, String deviceId, int port) {
    return new ConnectionString(hostName, deviceId, null, port, true, true);
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
    boolean tls = bool(fields, "Tls", true);
    boolean x509 = bool(fields, "x509", false);
    return new ConnectionString(fields.get("HostName"), fields.get("DeviceId"), fields.get("SharedAccessKey"), port, tls, x509);
  }

  private static boolean bool(Map<String, String> fields, String key, boolean absent) {
    String value = fields.get(key);
    if (value == null) {
      return absent;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("connection string: " + key + " '" + value + "' must be true or false");
    }
    return Boolean.parseBoolean(value);
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
    return "HostName=" + hostName + ";DeviceId=" + deviceId
        + (x509 ? ";x509=true" : ";SharedAccessKey=" + sharedAccessKey)
        + (port != DEFAULT_PORT ? ";Port=" + port : "")
        + (tls ? "" : ";Tls=false");
  }

  /** The form safe for logs: the key, if any, is replaced by {@code ***}. */
  public String redacted() {
    return x509 ? toString() : toString().replace(sharedAccessKey, "***");
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
