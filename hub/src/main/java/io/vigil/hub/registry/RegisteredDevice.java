package io.vigil.hub.registry;

import io.vigil.hub.ca.Thumbprint;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.Require;

/**
 * A device with its credentials, which depend on its {@link AuthType}:
 *
 * <ul>
 *   <li>{@code SAS}: two symmetric keys, no thumbprints;
 *   <li>{@code X509_SELF_SIGNED}: the thumbprint of its certificate (self-signed or issued by
 *       Vigil's CA) and optionally a second one for rotation, no keys;
 *   <li>{@code X509_CA}: nothing; its certificate must chain to a verified CA and carry its id as CN.
 * </ul>
 *
 * <p>{@link #toString()} never shows the keys, so a registered device is safe to log.
 *
 * @param primaryKey base64 key used to sign SAS tokens; null unless SAS
 * @param secondaryKey base64 key that also signs valid tokens, for rotation without downtime; null unless SAS
 * @param primaryThumbprint null unless X509_SELF_SIGNED
 * @param secondaryThumbprint may be null
 */
public record RegisteredDevice(
    Device device, String primaryKey, String secondaryKey, Thumbprint primaryThumbprint, Thumbprint secondaryThumbprint) {
  public RegisteredDevice {
    Require.present(device, "device");
    String id = device.deviceId();
    switch (device.authType()) {
      case SAS -> {
        Require.text(primaryKey, "primaryKey");
        Require.text(secondaryKey, "secondaryKey");
        if (primaryThumbprint != null || secondaryThumbprint != null) {
          throw new IllegalArgumentException("device '" + id + "' uses SAS keys and cannot have thumbprints");
        }
      }
      case X509_SELF_SIGNED -> {
        requireNoKeys(id, primaryKey, secondaryKey);
        Require.present(primaryThumbprint, "primaryThumbprint");
      }
      case X509_CA -> {
        requireNoKeys(id, primaryKey, secondaryKey);
        if (primaryThumbprint != null || secondaryThumbprint != null) {
          throw new IllegalArgumentException("device '" + id + "' is CA-signed and cannot have thumbprints");
        }
      }
    }
  }

  /** A SAS device with its two keys. */
  public RegisteredDevice(Device device, String primaryKey, String secondaryKey) {
    this(device, primaryKey, secondaryKey, null, null);
  }

  public String deviceId() {
    return device.deviceId();
  }

  /** The same credentials for {@code changed}, which must keep the id and auth type. */
  RegisteredDevice with(Device changed) {
    return new RegisteredDevice(changed, primaryKey, secondaryKey, primaryThumbprint, secondaryThumbprint);
  }

  private static void requireNoKeys(String id, String primaryKey, String secondaryKey) {
    if (primaryKey != null || secondaryKey != null) {
      throw new IllegalArgumentException("device '" + id + "' uses an X.509 certificate and cannot have SAS keys");
    }
  }

  @Override
  public String toString() {
    return "RegisteredDevice[" + device + ", keys=***, thumbprints=" + primaryThumbprint + "/" + secondaryThumbprint + "]";
  }
}
