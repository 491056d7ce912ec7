package io.vigil.server;

import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.model.Require;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run the backend.
 *
 * @param dataDir where the registry, workspace, broker data and admin token live
 * @param hostName the hub host name devices put in their connection strings and SAS tokens
 * @param httpPort the API port, bound to loopback (0 picks a free port)
 * @param mqttPort the plain MQTT port, bound to loopback
 * @param maxMessageBytes the largest security message accepted
 * @param mqttTlsPort the MQTT-over-TLS port (0: no TLS listener)
 * @param tlsBindAddress the address the TLS listener binds, {@code 0.0.0.0} for every interface
 * @param intelFeeds threat-intelligence feeds (CSV, STIX 2.1, MISP JSON) loaded beside the bundled default feed
 * @param ruleDirs Sigma rule files or directories (searched for *.yml and *.yaml) the server evaluates
 * @param alertWindow the alert suppression window: within it, occurrences of the same alert add to
 *     its Count instead of opening another; null for the default, one hour
 * @param tlsNames more names (DNS names or IP addresses) for the TLS listeners' certificate, beside the
 *     host name, localhost and the loopback addresses; empty for none
 * @param ingest the HTTPS device listener and the devices' rate limit; null for {@link IngestConfig#withoutHttps()}
 * @param allowedLateness how late (by event time) a device's event may arrive and still count in the
 *     correlation windows of the Sigma rules (built-in pack and user rules) and the custom alerts'
 *     windows; a window is decided this long after its end. Null for the default, one minute
 */
public record ServerConfig(
    Path dataDir, String hostName, int httpPort, int mqttPort, int maxMessageBytes, int mqttTlsPort, String tlsBindAddress,
    List<Path> intelFeeds,
    List<Path> ruleDirs,
    Duration alertWindow,
    IngestConfig ingest,
    List<String> tlsNames,
    Duration allowedLateness) {
  /** The IoT Hub MQTT-over-TLS port. */
  public static final int DEFAULT_TLS_PORT = 8883;

  /** IoT Hub's message size limit. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

  /** How late an event may arrive and still count in its windows, unless configured. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(1);

  /** The longest allowed lateness: windows (and their state) are held open this long past their end. */
  public static final Duration MAX_ALLOWED_LATENESS = Duration.ofDays(1);

  /** A configuration without a TLS listener: loopback only, for tests and the demo. */
  public static ServerConfig loopback(Path dataDir, String hostName, int httpPort, int mqttPort) {
    return new ServerConfig(dataDir, hostName, httpPort, mqttPort, DEFAULT_MAX_MESSAGE_BYTES, 0, "127.0.0.1");
  }

  public ServerConfig {
    Require.present(dataDir, "dataDir");
    Require.text(hostName, "hostName");
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("HTTP port " + httpPort + " is not between 0 and 65535");
    }
    if (mqttPort < 1 || mqttPort > 65535) {
      throw new IllegalArgumentException("MQTT port " + mqttPort + " is not between 1 and 65535");
    }
    if (mqttTlsPort < 0 || mqttTlsPort > 65535) {
      throw new IllegalArgumentException("MQTT TLS port " + mqttTlsPort + " is not between 0 (off) and 65535");
    }
    Require.text(tlsBindAddress, "tlsBindAddress");
    intelFeeds = intelFeeds == null ? List.of() : List.copyOf(intelFeeds);
    ruleDirs = ruleDirs == null ? List.of() : List.copyOf(ruleDirs);
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maximum message size " + maxMessageBytes + " bytes is below 1024");
    }
    alertWindow = alertWindow == null ? AlertLifecycle.DEFAULT_WINDOW : alertWindow;
    if (alertWindow.isNegative() || alertWindow.isZero()) {
      throw new IllegalArgumentException("alert suppression window must be positive, was " + alertWindow);
    }
    ingest = ingest == null ? IngestConfig.withoutHttps() : ingest;
    tlsNames = tlsNames == null ? List.of() : List.copyOf(tlsNames);
    allowedLateness = allowedLateness == null ? DEFAULT_ALLOWED_LATENESS : allowedLateness;
    if (allowedLateness.isNegative()) {
      throw new IllegalArgumentException("allowed lateness must not be negative, was " + allowedLateness);
    }
    if (allowedLateness.compareTo(MAX_ALLOWED_LATENESS) > 0) {
      throw new IllegalArgumentException("allowed lateness " + allowedLateness + " is above the maximum of " + MAX_ALLOWED_LATENESS
          + " (windows are held open that long past their end)");
    }
    for (String name : tlsNames) {
      if (!HOST_NAME.matcher(name).matches() && !IP_LITERAL.matcher(name).matches()) {
        throw new IllegalArgumentException("TLS name '" + name + "' is not a DNS name (letters, digits, '-' and '.', '*.' first for a wildcard)"
            + " or an IP address");
      }
    }
  }

  private static final java.util.regex.Pattern HOST_NAME =
      java.util.regex.Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
  private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** As the canonical constructor, without more TLS names. */
  public ServerConfig(Path dataDir, String hostName, int httpPort, int mqttPort, int maxMessageBytes, int mqttTlsPort,
      String tlsBindAddress, List<Path> intelFeeds, List<Path> ruleDirs, Duration alertWindow, IngestConfig ingest) {
    this(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, intelFeeds, ruleDirs, alertWindow, ingest, null, null);
  }

  /** This configuration with {@code names} as the TLS certificate's further names. */
  public ServerConfig withTlsNames(List<String> names) {
    return new ServerConfig(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, intelFeeds, ruleDirs,
        alertWindow, ingest, names, allowedLateness);
  }

  /** This configuration with {@code lateness} as the allowed lateness of events. */
  public ServerConfig withAllowedLateness(Duration lateness) {
    return new ServerConfig(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, intelFeeds, ruleDirs,
        alertWindow, ingest, tlsNames, lateness);
  }

  /** These rules and suppression window, no HTTPS listener and the default rate limit. */
  public ServerConfig(Path dataDir, String hostName, int httpPort, int mqttPort, int maxMessageBytes, int mqttTlsPort,
      String tlsBindAddress, List<Path> intelFeeds, List<Path> ruleDirs, Duration alertWindow) {
    this(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, intelFeeds, ruleDirs, alertWindow, null);
  }

  /** These Sigma rules, the default suppression window, no HTTPS listener and the default rate limit. */
  public ServerConfig(Path dataDir, String hostName, int httpPort, int mqttPort, int maxMessageBytes, int mqttTlsPort,
      String tlsBindAddress, List<Path> intelFeeds, List<Path> ruleDirs) {
    this(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, intelFeeds, ruleDirs, null, null);
  }

  /** This configuration with {@code ingest} instead. */
  public ServerConfig withIngest(IngestConfig ingest) {
    return new ServerConfig(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, intelFeeds, ruleDirs,
        alertWindow, ingest, tlsNames, allowedLateness);
  }

  /** These intel feeds and no user Sigma rules. */
  public ServerConfig(Path dataDir, String hostName, int httpPort, int mqttPort, int maxMessageBytes, int mqttTlsPort,
      String tlsBindAddress, List<Path> intelFeeds) {
    this(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, intelFeeds, List.of(), null, null);
  }

  /** No threat-intelligence feeds besides the bundled default one. */
  public ServerConfig(
      Path dataDir, String hostName, int httpPort, int mqttPort, int maxMessageBytes, int mqttTlsPort, String tlsBindAddress) {
    this(dataDir, hostName, httpPort, mqttPort, maxMessageBytes, mqttTlsPort, tlsBindAddress, List.of(), List.of(), null, null);
  }
}
