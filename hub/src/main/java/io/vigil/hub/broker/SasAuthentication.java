package io.vigil.hub.broker;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.AuthType;
import io.vigil.wire.auth.SasToken;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks the SAS token a registered device presents as its MQTT password: a token for
 * {@code H/devices/D}, signed by one of the device's keys, not expired.
 */
final class SasAuthentication {
  static final String METHOD = "SAS";

  private final String hostName;

  SasAuthentication(String hostName) {
    this.hostName = hostName;
  }

  AuthDecision verify(RegisteredDevice device, Optional<String> password, Instant now) {
    return verify(device, password, now, "password");
  }

  /** @param credential what carried the token, for the reasons: {@code password}, {@code Authorization header} */
  AuthDecision verify(RegisteredDevice device, Optional<String> password, Instant now, String credential) {
    String id = device.deviceId();
    if (device.device().authType() != AuthType.SAS) {
      return AuthDecision.refuse(device, METHOD, AuthFailure.AUTH_TYPE_MISMATCH, "device '" + id
          + "' authenticates with an X.509 certificate, not a SAS token: connect over TLS with its certificate and no password");
    }
    SasToken token;
    try {
      token = SasToken.parse(password.orElse(""));
    } catch (IllegalArgumentException e) {
      return AuthDecision.refuse(device, METHOD, AuthFailure.MALFORMED_SAS, credential + " is not a SAS token: " + e.getMessage());
    }
    String resource = SasToken.deviceResource(hostName, id);
    if (!token.resourceUri().equalsIgnoreCase(resource)) {
      return AuthDecision.refuse(device, METHOD, AuthFailure.WRONG_SAS_RESOURCE,
          "SAS token is for '" + token.resourceUri() + "', not '" + resource + "'");
    }
    if (!token.signedWith(device.primaryKey()) && !token.signedWith(device.secondaryKey())) {
      return AuthDecision.refuse(device, METHOD, AuthFailure.INVALID_SAS_SIGNATURE, "SAS token signature does not match the device's keys");
    }
    if (token.expiredAt(now)) {
      return AuthDecision.refuse(device, METHOD, AuthFailure.EXPIRED_SAS, "SAS token expired at " + token.expiry());
    }
    return AuthDecision.accept(device, METHOD);
  }
}
