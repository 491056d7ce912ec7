package io.vigil.hub.broker;

import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.WireName;
import io.vigil.wire.auth.SasToken;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether an IoT-Hub-style MQTT CONNECT may proceed: client id = device id, user name
 * {@code H/D/?api-version=...}, password a SAS token for {@code H/devices/D} signed by one of the
 * device's keys and not expired.
 */
final class SasAuthentication {
  /** Why a CONNECT was refused; the names are the hub operation results. */
  enum Failure implements WireName {
    BAD_USERNAME,
    UNKNOWN_DEVICE,
    DISABLED_DEVICE,
    MALFORMED_SAS,
    WRONG_SAS_RESOURCE,
    INVALID_SAS_SIGNATURE,
    EXPIRED_SAS
  }

  /**
   * The outcome of a CONNECT.
   *
   * @param failure null when the CONNECT may proceed
   * @param reason what was wrong, fit to send back to the client and log (never holds a key or token)
   */
  record Decision(RegisteredDevice device, Failure failure, String reason) {
    boolean accepted() {
      return failure == null;
    }
  }

  private final DeviceRegistry registry;
  private final String hostName;

  SasAuthentication(DeviceRegistry registry, String hostName) {
    this.registry = registry;
    this.hostName = hostName;
  }

  Decision check(String clientId, Optional<String> userName, Optional<String> password, Instant now) {
    String expectedUser = hostName + "/" + clientId + "/";
    if (userName.isEmpty() || !userName.get().startsWith(expectedUser)) {
      return refuse(null, Failure.BAD_USERNAME,
          "user name must be '" + expectedUser + "?api-version=...' for client id '" + clientId + "'");
    }
    Optional<RegisteredDevice> found = registry.find(clientId);
    if (found.isEmpty()) {
      return refuse(null, Failure.UNKNOWN_DEVICE, "unknown device '" + clientId + "'");
    }
    RegisteredDevice device = found.get();
    if (!device.device().enabled()) {
      return refuse(device, Failure.DISABLED_DEVICE, "device '" + clientId + "' is disabled");
    }
    SasToken token;
    try {
      token = SasToken.parse(password.orElse(""));
    } catch (IllegalArgumentException e) {
      return refuse(device, Failure.MALFORMED_SAS, "password is not a SAS token: " + e.getMessage());
    }
    String resource = SasToken.deviceResource(hostName, clientId);
    if (!token.resourceUri().equalsIgnoreCase(resource)) {
      return refuse(device, Failure.WRONG_SAS_RESOURCE,
          "SAS token is for '" + token.resourceUri() + "', not '" + resource + "'");
    }
    if (!token.signedWith(device.primaryKey()) && !token.signedWith(device.secondaryKey())) {
      return refuse(device, Failure.INVALID_SAS_SIGNATURE, "SAS token signature does not match the device's keys");
    }
    if (token.expiredAt(now)) {
      return refuse(device, Failure.EXPIRED_SAS, "SAS token expired at " + token.expiry());
    }
    return new Decision(device, null, "");
  }

  private static Decision refuse(RegisteredDevice device, Failure failure, String reason) {
    return new Decision(device, failure, reason);
  }
}
