package io.vigil.detect.recommend;

import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.Require;
import java.util.List;

/**
 * What the registry checks need to know of a registered device, without its secrets.
 *
 * @param fingerprints one-way fingerprints of each secret the device authenticates with (its SAS
 *     keys, its certificate thumbprints); equal fingerprints mean a shared secret
 * @param telemetryWithoutAgent the device sends the hub telemetry but no security messages: no
 *     agent (or SDK) watches it
 */
public record DeviceCredential(String deviceId, AuthType authType, List<String> fingerprints, boolean telemetryWithoutAgent) {
  public DeviceCredential {
    Device.requireValidId(deviceId);
    Require.present(authType, "authType");
    fingerprints = Require.copy(fingerprints, "fingerprints");
  }

  /** A device whose telemetry is not known to come without an agent. */
  public DeviceCredential(String deviceId, AuthType authType, List<String> fingerprints) {
    this(deviceId, authType, fingerprints, false);
  }
}
