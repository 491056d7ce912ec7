package io.vigil.agent.collect.login;

import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Tells an IP literal from a host name without resolving anything, as strictly as the wire format
 * checks RemoteAddress: dotted-quad IPv4 without leading zeros, IPv6 without a zone id.
 */
final class IpLiteral {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpLiteral() {}

  static boolean is(String text) {
    if (text == null) {
      return false;
    }
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
      return false;
    }
    try {
      InetAddress.ofLiteral(text); // parses only: a literal never goes to the resolver
      return true;
    } catch (IllegalArgumentException e) {
      return false; // not an address: the caller keeps the text as a host name
    }
  }
}
