package io.vigil.model;

import java.time.Instant;
import java.util.Map;

/**
 * A device known to the hub.
 *
 * @param deviceId the id the device connects with (see {@link #requireValidId})
 * @param securityGroup the group whose custom alerts and settings apply
 * @param tags free key/value tags; {@code SecurityGroup} is mirrored in {@code securityGroup}
 * @param authType how the device authenticates
 * @param enabled a disabled device is refused at CONNECT
 * @param createdAt when it was registered
 */
public record Device(
    String deviceId,
    String securityGroup,
    Map<String, String> tags,
    AuthType authType,
    boolean enabled,
    Instant createdAt) {

  /** MQTT topic characters ('/', '+', '#') and white space are not allowed, unlike in IoT Hub. */
  private static final boolean[] ID = Require.asciiSet("A-Za-z0-9-.:_@=,()!$'%*?");

  public Device {
    requireValidId(deviceId);
    SecurityGroup.requireValidName(securityGroup);
    tags = Require.copy(tags, "tags");
    Require.present(authType, "authType");
    Require.present(createdAt, "createdAt");
  }

  /**
   * Returns {@code id} if it is a valid device id: 1 to 128 characters from letters, digits and
   * {@code - . : _ @ = , ( ) ! $ ' % * ?}.
   *
   * @throws IllegalArgumentException naming the value and the allowed form
   */
  public static String requireValidId(String id) {
    Require.present(id, "device id");
    if (!Require.consistsOf(id, ID, 128)) {
      throw new IllegalArgumentException(
          "device id '" + id + "' must be 1-128 characters of letters, digits and - . : _ @ = , ( ) ! $ ' % * ?");
    }
    return id;
  }

  /** Whether {@code id} is a valid device id (see {@link #requireValidId}); false for null. */
  public static boolean isValidId(String id) {
    return id != null && Require.consistsOf(id, ID, 128);
  }
}
