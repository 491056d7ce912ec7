package io.vigil.hub.settings;

import io.vigil.model.Require;

/**
 * How IP addresses are stored in the workspace.
 *
 * @param mode {@code NONE} stores them as they are, {@code PREFIX} zeroes their host bits, {@code HASH}
 *     replaces them with a keyed HMAC-SHA256
 * @param ipv4Prefix the IPv4 bits kept by {@code PREFIX} (0-32)
 * @param ipv6Prefix the IPv6 bits kept by {@code PREFIX} (0-128)
 */
public record IpMasking(Mode mode, int ipv4Prefix, int ipv6Prefix) {
  /** Addresses stored as they are. */
  public static final IpMasking NONE = new IpMasking(Mode.NONE, 24, 48);

  /** The masking modes. */
  public enum Mode { NONE, PREFIX, HASH }

  public IpMasking {
    Require.present(mode, "mode");
    if (ipv4Prefix < 0 || ipv4Prefix > 32) {
      throw new IllegalArgumentException("ipv4Prefix " + ipv4Prefix + " is not between 0 and 32");
    }
    if (ipv6Prefix < 0 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("ipv6Prefix " + ipv6Prefix + " is not between 0 and 128");
    }
  }
}
