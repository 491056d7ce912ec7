package io.vigil.hub.settings;

import java.net.InetAddress;

/**
 * An IPv4 or IPv6 network in CIDR form ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a plain address
 * is a /32 or /128. Parsed without name resolution.
 *
 * @param network the address with its host bits zeroed
 * @param prefix the number of leading bits that must match
 */
public record Cidr(InetAddress network, int prefix) {
  public Cidr {
    int bits = network.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix /" + prefix + " is not between 0 and " + bits);
    }
    network = IpMasker.zeroHostBits(network, prefix);
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code ::1/128} or a plain address.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    InetAddress parsed = IpMasker.literal(address);
    if (parsed == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4/IPv6 address or CIDR");
    }
    int bits = parsed.getAddress().length * 8;
    if (slash < 0) {
      return new Cidr(parsed, bits);
    }
    String p = text.substring(slash + 1);
    if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
      throw new IllegalArgumentException("'" + text + "' has prefix /" + p + ", which is not between 0 and " + bits);
    }
    return new Cidr(parsed, Integer.parseInt(p));
  }

  /** True if {@code address} is in this network; an IPv4 address is never in an IPv6 network and the reverse. */
  public boolean contains(InetAddress address) {
    if (address.getAddress().length != network.getAddress().length) {
      return false;
    }
    return IpMasker.zeroHostBits(address, prefix).equals(network);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }
}
