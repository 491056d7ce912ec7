package io.vigil.hub.broker;

import io.vigil.hub.ca.CertificateTrust;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.AuthType;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an IoT-Hub-style MQTT CONNECT may proceed: client id = a registered, enabled
 * device id and user name {@code H/D/?api-version=...}; then either a SAS token as the password
 * ({@link SasAuthentication}) or, with no password, the client certificate of the TLS handshake
 * ({@link CertificateAuthentication}).
 */
final class DeviceAuthentication {
  private final DeviceRegistry registry;
  private final String hostName;
  private final SasAuthentication sas;
  private final CertificateAuthentication certificates;

  DeviceAuthentication(DeviceRegistry registry, String hostName, CertificateTrust trust) {
    this.registry = registry;
    this.hostName = hostName;
    this.sas = new SasAuthentication(hostName);
    this.certificates = new CertificateAuthentication(trust);
  }

  /**
   * @param clientChain the client certificate and its chain from the TLS handshake; empty when there
   *     is none (no TLS, or the client sent no certificate)
   */
  AuthDecision check(String clientId, Optional<String> userName, Optional<String> password, List<X509Certificate> clientChain, Instant now) {
    boolean byCertificate = password.isEmpty() && !clientChain.isEmpty();
    String method = byCertificate ? CertificateAuthentication.METHOD : SasAuthentication.METHOD;
    String expectedUser = hostName + "/" + clientId + "/";
    if (userName.isEmpty() || !userName.get().startsWith(expectedUser)) {
      return AuthDecision.refuse(null, method, AuthFailure.BAD_USERNAME,
          "user name must be '" + expectedUser + "?api-version=...' for client id '" + clientId + "'");
    }
    Optional<RegisteredDevice> found = registry.find(clientId);
    if (found.isEmpty()) {
      return AuthDecision.refuse(null, method, AuthFailure.UNKNOWN_DEVICE, "unknown device '" + clientId + "'");
    }
    RegisteredDevice device = found.get();
    if (!device.device().enabled()) {
      return AuthDecision.refuse(device, method, AuthFailure.DISABLED_DEVICE, "device '" + clientId + "' is disabled");
    }
    if (byCertificate) {
      return certificates.verify(device, clientChain, now);
    }
    if (password.isEmpty() && device.device().authType() != AuthType.SAS) {
      return AuthDecision.refuse(device, CertificateAuthentication.METHOD, AuthFailure.MISSING_CERTIFICATE, "device '" + clientId
          + "' authenticates with an X.509 certificate, but the client sent none: connect to the TLS port with the certificate and key");
    }
    return sas.verify(device, password, now);
  }
}
