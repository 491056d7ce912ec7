package io.vigil.detect.custom;

import io.vigil.detect.sigma.Cidr;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * IP addresses and CIDR networks, looked up with one hash probe per distinct prefix length of the
 * address's family, however many networks there are. Immutable once built; thread-safe to read.
 */
final class NetworkSet {
  /** Per network, masked to its prefix and keyed with it, the text it was given as. */
  private final Map<String, String> networks = new HashMap<>();
  private final int[] v4Lengths;
  private final int[] v6Lengths;

  NetworkSet(Iterable<String> values) {
    TreeSet<Integer> v4 = new TreeSet<>();
    TreeSet<Integer> v6 = new TreeSet<>();
    for (String v : values) {
      Cidr c = Cidr.parse(v);
      (c.network().length == 4 ? v4 : v6).add(c.prefix());
      networks.putIfAbsent(key(c.network(), c.prefix()), v);
    }
    v4Lengths = v4.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    v6Lengths = v6.descendingSet().stream().mapToInt(Integer::intValue).toArray();
  }

  boolean isEmpty() {
    return networks.isEmpty();
  }

  /** The given text of the most specific network that holds {@code address}; null when none does or it is not an IP literal. */
  String match(String address) {
    byte[] bytes = Cidr.address(address);
    if (bytes == null) {
      return null;
    }
    for (int length : bytes.length == 4 ? v4Lengths : v6Lengths) {
      String found = networks.get(key(bytes, length));
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The address's first {@code prefix} bits (the rest zero) and the prefix, as a string key. */
  private static String key(byte[] address, int prefix) {
    byte[] masked = new byte[address.length + 1];
    for (int i = 0; i < address.length; i++) {
      int bits = Math.min(8, Math.max(0, prefix - 8 * i));
      masked[i] = (byte) (address[i] & (0xff << (8 - bits)));
    }
    masked[address.length] = (byte) prefix;
    return new String(masked, StandardCharsets.ISO_8859_1);
  }
}
