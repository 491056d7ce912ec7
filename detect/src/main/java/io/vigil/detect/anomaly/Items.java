package io.vigil.detect.anomaly;

import java.util.Locale;

/**
 * The items a profile learns, as 64-bit hashes of their kind and value, so that a profile stores
 * 8 bytes per item whatever its text. The text is in the event when an alert needs it.
 */
final class Items {
  private Items() {}

  static long executable(String path) {
    return hash('x', path);
  }

  /** An outbound endpoint: remote address and port. */
  static long endpoint(String address, String port) {
    return hash('e', normalize(address) + " " + port.trim());
  }

  /** The /24 (IPv4) or /64 (IPv6) prefix of an endpoint's address, with its port; 0 when the address is not an IP. */
  static long endpointPrefix(String address, String port) {
    String prefix = prefix(normalize(address));
    return prefix == null ? 0 : hash('e', prefix + " " + port.trim());
  }

  static long listeningPort(String protocol, String port) {
    return hash('p', protocol.trim().toLowerCase(Locale.ROOT) + "/" + port.trim());
  }

  static long user(String name) {
    return hash('u', name);
  }

  /** The prefix an aggregated endpoint is kept as: {@code a.b.c.0/24} or the first four groups of an IPv6 address + {@code ::/64}. */
  static String prefix(String address) {
    if (address.indexOf(':') >= 0) {
      String[] groups = expand(address);
      return groups == null ? null : String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64";
    }
    String[] octets = address.split("\\.", -1);
    if (octets.length != 4) {
      return null;
    }
    for (String o : octets) {
      if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit)) {
        return null;
      }
    }
    return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
  }

  private static String normalize(String address) {
    String a = address.trim().toLowerCase(Locale.ROOT);
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    return a.startsWith("::ffff:") && a.indexOf('.') > 0 ? a.substring(7) : a;
  }

  /** The eight groups of an IPv6 address, without leading zeros; null when it is not one. */
  private static String[] expand(String address) {
    int zone = address.indexOf('%');
    String a = zone >= 0 ? address.substring(0, zone) : address;
    if (a.indexOf('.') >= 0) {
      return null;
    }
    int gap = a.indexOf("::");
    String[] head = gap < 0 ? a.split(":", -1) : (gap == 0 ? new String[0] : a.substring(0, gap).split(":", -1));
    String[] tail = gap < 0 ? new String[0] : (gap + 2 == a.length() ? new String[0] : a.substring(gap + 2).split(":", -1));
    if (gap < 0 ? head.length != 8 : head.length + tail.length > 7) {
      return null;
    }
    String[] groups = new String[8];
    java.util.Arrays.fill(groups, "0");
    for (int i = 0; i < head.length; i++) {
      groups[i] = group(head[i]);
    }
    for (int i = 0; i < tail.length; i++) {
      groups[8 - tail.length + i] = group(tail[i]);
    }
    for (String g : groups) {
      if (g == null) {
        return null;
      }
    }
    return groups;
  }

  private static String group(String g) {
    if (g.isEmpty() || g.length() > 4) {
      return null;
    }
    for (int i = 0; i < g.length(); i++) {
      if (Character.digit(g.charAt(i), 16) < 0) {
        return null;
      }
    }
    String s = g.replaceFirst("^0+(?!$)", "");
    return s;
  }

  /** FNV-1a over the kind and the UTF-16 text, then a 64-bit finalizer to spread the bits. */
  static long hash(char kind, String text) {
    long h = 0xcbf29ce484222325L;
    h = (h ^ kind) * 0x100000001b3L;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      h = (h ^ (c & 0xff)) * 0x100000001b3L;
      h = (h ^ (c >>> 8)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
