package io.vigil.server;

import io.vigil.hub.ingest.RateLimit;
import io.vigil.model.Require;

/**
 * How devices send telemetry besides MQTT, and how much they may send.
 *
 * @param httpsPort the HTTPS device listener's port, on the TLS bind address; 0 for none
 * @param rateLimit each device's rate limit, shared by MQTT and HTTPS
 */
public record IngestConfig(int httpsPort, RateLimit rateLimit) {
  /** IoT Hub's HTTPS port is 443; 8443 needs no privileges. */
  public static final int DEFAULT_HTTPS_PORT = 8443;

  public IngestConfig {
    if (httpsPort < 0 || httpsPort > 65535) {
      throw new IllegalArgumentException("HTTPS port " + httpsPort + " is not between 0 (off) and 65535");
    }
    Require.present(rateLimit, "rateLimit");
  }

  /** No HTTPS listener, the default rate limit: for tests and the demo. */
  public static IngestConfig withoutHttps() {
    return new IngestConfig(0, RateLimit.defaults());
  }
}
