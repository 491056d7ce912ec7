package io.vigil.detect.recommend;

import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.Require;
import java.util.List;

/**
 * What the credential checks need to know of a registered device, without its secrets.
 *
 * @param fingerprints one-way fingerprints of each secret the device authenticates with (its SAS
 *     keys, its certificate thumbprints); equal fingerprints mean a shared secret
 */
public record DeviceCredential(String deviceId, AuthType authType, List<String> fingerprints) {
  public DeviceCredential {
    Device.requireValidId(deviceId);
    Require.present(authType, "authType");
    fingerprints = Require.copy(fingerprints, "fingerprints");
  }
}
