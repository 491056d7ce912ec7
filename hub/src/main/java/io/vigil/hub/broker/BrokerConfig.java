package io.vigil.hub.broker;

import io.vigil.model.Require;
import java.nio.file.Path;

/**
 * How to run the embedded broker.
 *
 * @param workDir where the broker keeps its configuration and data (created if missing)
 * @param hostName the hub's host name: the {@code H} of device user names and SAS resources
 * @param plainPort the port of the plain-text MQTT listener, which binds to loopback only
 * @param maxMessageBytes the largest message accepted (IoT Hub's limit is 256 KiB)
 * @param tls the MQTT-over-TLS listener; null for none
 */
public record BrokerConfig(Path workDir, String hostName, int plainPort, int maxMessageBytes, TlsListener tls) {
  /**
   * A TLS listener.
   *
   * @param bindAddress the address to listen on, {@code 0.0.0.0} for every interface
   * @param keystore the server's key and certificate chain
   */
  public record TlsListener(String bindAddress, int port, io.vigil.hub.ca.CertificateAuthority.ServerKeystore keystore) {
    public TlsListener {
      Require.text(bindAddress, "bindAddress");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("MQTT TLS port " + port + " is not between 1 and 65535");
      }
      Require.present(keystore, "keystore");
    }
  }

  public BrokerConfig {
    Require.present(workDir, "workDir");
    Require.text(hostName, "hostName");
    if (plainPort < 1 || plainPort > 65535) {
      throw new IllegalArgumentException("MQTT port " + plainPort + " is not between 1 and 65535");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " is below 1024");
    }
  }
}
