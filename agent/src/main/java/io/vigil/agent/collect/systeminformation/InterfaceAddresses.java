package io.vigil.agent.collect.systeminformation;

import io.vigil.agent.collect.network.HexAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The addresses of each network interface, from /proc/net/fib_trie, /proc/net/route and
 * /proc/net/if_inet6, as {@code eth0=192.0.2.2/24,fd00::2/64;wlan0=...}.
 *
 * <p>IPv6 is direct: if_inet6 lists address, prefix length and interface. IPv4 takes two files:
 * fib_trie lists the local addresses ({@code /32 host LOCAL}) without their interfaces, and the
 * on-link routes of /proc/net/route give, for the longest prefix containing an address, its
 * interface and prefix length. An IPv4 address with no on-link route (one added with
 * {@code noprefixroute}) cannot be placed and is left out, as are loopback addresses. Malformed
 * lines are skipped and reported as {@code file:line: why}.
 */
final class InterfaceAddresses {
  private final ByteOrder order;
  private final List<String> problems;
  private final Map<String, Set<String>> byInterface = new TreeMap<>();

  /** @param order the byte order of the host that wrote /proc/net/route */
  InterfaceAddresses(ByteOrder order, List<String> problems) {
    this.order = order;
    this.problems = problems;
  }

  private record Route(String iface, int network, int mask) {}

  /** Adds the IPv4 addresses; either argument may be null (no such file). */
  void ipv4(List<String> fibTrie, List<String> routeLines, String routeFile) {
    if (fibTrie == null || routeLines == null) {
      return;
    }
    List<Route> routes = new ArrayList<>();
    for (int i = 1; i < routeLines.size(); i++) { // line 1 is the header
      String[] f = routeLines.get(i).strip().split("\\s+");
      if (f.length == 1 && f[0].isEmpty()) {
        continue;
      }
      try {
        if (f.length < 8) {
          throw new IllegalArgumentException("expected at least 8 fields, found " + f.length);
        }
        int gateway = toInt(HexAddress.decode(f[2], order));
        int mask = toInt(HexAddress.decode(f[7], order));
        if (gateway == 0 && mask != 0) {
          routes.add(new Route(f[0], toInt(HexAddress.decode(f[1], order)), mask));
        }
      } catch (IllegalArgumentException e) {
        problems.add(routeFile + ":" + (i + 1) + ": " + e.getMessage() + " in '" + routeLines.get(i).strip() + "'");
      }
    }
    String last = null;
    for (String line : fibTrie) {
      String s = line.strip();
      if (s.startsWith("|-- ")) {
        last = s.substring(4);
      } else if (s.equals("/32 host LOCAL") && last != null && !last.startsWith("127.")) {
        place(last, routes);
      }
    }
  }

  private void place(String address, List<Route> routes) {
    int a;
    try {
      a = toInt(address);
    } catch (IllegalArgumentException e) {
      return; // not a dotted quad: not a line fib_trie writes for an address
    }
    Route best = null;
    for (Route r : routes) {
      if ((a & r.mask()) == r.network() && (best == null || Integer.bitCount(r.mask()) > Integer.bitCount(best.mask()))) {
        best = r;
      }
    }
    if (best != null) {
      add(best.iface(), address + "/" + Integer.bitCount(best.mask()));
    }
  }

  /** Adds the IPv6 addresses of /proc/net/if_inet6; null (no IPv6) adds nothing. */
  void ipv6(List<String> ifInet6, String file) {
    if (ifInet6 == null) {
      return;
    }
    for (int i = 0; i < ifInet6.size(); i++) {
      String[] f = ifInet6.get(i).strip().split("\\s+");
      if (f.length == 1 && f[0].isEmpty()) {
        continue;
      }
      try {
        if (f.length != 6) {
          throw new IllegalArgumentException("expected 6 fields, found " + f.length);
        }
        if (f[0].length() != 32) {
          throw new IllegalArgumentException("address '" + f[0] + "' has " + f[0].length() + " hex digits, expected 32");
        }
        String address = HexAddress.decode(f[0], ByteOrder.BIG_ENDIAN); // if_inet6 writes the bytes in order
        int prefix = prefixLength(f[2]);
        if (!address.equals("::1")) {
          add(f[5], address + "/" + prefix);
        }
      } catch (IllegalArgumentException e) {
        problems.add(file + ":" + (i + 1) + ": " + e.getMessage() + " in '" + ifInet6.get(i).strip() + "'");
      }
    }
  }

  private static int prefixLength(String hex) {
    try {
      int prefix = Integer.parseInt(hex, 16);
      if (prefix >= 0 && prefix <= 128) {
        return prefix;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    throw new IllegalArgumentException("prefix length '" + hex + "' is not a hex number from 0 to 80");
  }

  private void add(String iface, String address) {
    byInterface.computeIfAbsent(iface, k -> new LinkedHashSet<>()).add(address);
  }

  /** {@code eth0=a/n,b/m;wlan0=...}, interfaces by name; null when there is none. */
  String text() {
    if (byInterface.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    byInterface.forEach((iface, addresses) -> parts.add(iface + "=" + String.join(",", addresses)));
    return String.join(";", parts);
  }

  private static int toInt(String dotted) {
    String[] p = dotted.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
    }
    int v = 0;
    for (String b : p) {
      v = v << 8 | Integer.parseInt(b);
    }
    return v;
  }
}
