package io.vigil.hub.https;

import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.model.Require;

/**
 * Where the HTTPS device listener listens.
 *
 * @param bindAddress the address to listen on, {@code 0.0.0.0} for every interface
 * @param port 0 picks a free port
 * @param keystore the server's key and certificate chain
 */
public record HttpsConfig(String bindAddress, int port, CertificateAuthority.ServerKeystore keystore) {
  public HttpsConfig {
    Require.text(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTPS port " + port + " is not between 0 and 65535");
    }
    Require.present(keystore, "keystore");
  }
}
