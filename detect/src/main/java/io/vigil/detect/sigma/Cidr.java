package io.vigil.detect.sigma;

/**
 * An IPv4 or IPv6 network, as {@code |cidr} values give it: {@code 10.0.0.0/8}, {@code fe80::/10}.
 * Public for the custom alerts' IP lists.
 */
public record Cidr(byte[] network, int prefix) {
  /**
   * Parses {@code text}; a bare address is a network of one.
   *
   * @throws IllegalArgumentException naming the text when it is not a network
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    byte[] address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("invalid CIDR '" + text + "'");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > bits) {
        throw new IllegalArgumentException("invalid CIDR '" + text + "'");
      }
      prefix = Integer.parseInt(p);
    }
    return new Cidr(address, prefix);
  }

  /**
   * The 4 or 16 bytes of an IP literal (an IPv4-mapped IPv6 address gives its IPv4 bytes), or null
   * when {@code text} is not one. No DNS.
   */
  public static byte[] address(String text) {
    return IpAddress.parse(text);
  }

  /** Whether {@code address} (as {@link #address} gives it) lies in this network. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }
}
