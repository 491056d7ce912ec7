package io.vigil.server;

import io.vigil.model.Require;
import java.nio.file.Path;

/**
 * How to run the backend.
 *
 * @param dataDir where the registry, workspace, broker data and admin token live
 * @param hostName the hub host name devices put in their connection strings and SAS tokens
 * @param httpPort the API port, bound to loopback (0 picks a free port)
 * @param mqttPort the plain MQTT port, bound to loopback
 * @param maxMessageBytes the largest security message accepted
 */
public record ServerConfig(Path dataDir, String hostName, int httpPort, int mqttPort, int maxMessageBytes) {
  /** IoT Hub's message size limit. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

  public ServerConfig {
    Require.present(dataDir, "dataDir");
    Require.text(hostName, "hostName");
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("HTTP port " + httpPort + " is not between 0 and 65535");
    }
    if (mqttPort < 1 || mqttPort > 65535) {
      throw new IllegalArgumentException("MQTT port " + mqttPort + " is not between 1 and 65535");
    }
  }
}
