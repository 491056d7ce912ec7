package io.vigil.hub.registry;

import io.vigil.model.Device;
import io.vigil.model.Require;

/**
 * A device with its symmetric keys.
 *
 * <p>{@link #toString()} never shows the keys, so a registered device is safe to log.
 *
 * @param primaryKey base64 key used to sign SAS tokens
 * @param secondaryKey base64 key that also signs valid tokens, for rotation without downtime
 */
public record RegisteredDevice(Device device, String primaryKey, String secondaryKey) {
  public RegisteredDevice {
    Require.present(device, "device");
    Require.text(primaryKey, "primaryKey");
    Require.text(secondaryKey, "secondaryKey");
  }

  public String deviceId() {
    return device.deviceId();
  }

  @Override
  public String toString() {
    return "RegisteredDevice[" + device + ", keys=***]";
  }
}
