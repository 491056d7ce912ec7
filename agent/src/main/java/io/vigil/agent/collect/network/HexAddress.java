package io.vigil.agent.collect.network;

import java.nio.ByteOrder;

/**
 * Decodes the hexadecimal addresses of /proc/net/{tcp,tcp6,udp,udp6} into text.
 *
 * <p>The kernel prints an IPv4 address as one 32-bit word and an IPv6 address as four, each with
 * {@code %08X} of the word as it lies in memory. On a little-endian host {@code 127.0.0.1} thus
 * reads {@code 0100007F}; on a big-endian one (many MIPS and PowerPC routers) {@code 7F000001}. The
 * host's byte order is therefore a parameter. An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d})
 * decodes to its IPv4 form, since the peer is an IPv4 host and allow-lists match it as one; other
 * IPv6 addresses come out in the RFC 5952 canonical text form.
 *
 * <p>Public for the other readers of /proc/net: /proc/net/route writes its addresses the same way,
 * and /proc/net/if_inet6 writes the plain bytes, which {@link ByteOrder#BIG_ENDIAN} decodes.
 */
public final class HexAddress {
  private HexAddress() {}

  /**
   * The text form of {@code hex}, 8 hex digits for IPv4 or 32 for IPv6.
   *
   * @throws IllegalArgumentException naming the value, if it is not 8 or 32 hex digits
   */
  public static String decode(String hex, ByteOrder order) {
    if (hex.length() != 8 && hex.length() != 32) {
      throw new IllegalArgumentException("address '" + hex + "' has " + hex.length() + " hex digits, expected 8 (IPv4) or 32 (IPv6)");
    }
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      long value = parseWord(hex, word * 8);
      for (int i = 0; i < 4; i++) {
        int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (3 - i);
        bytes[word * 4 + i] = (byte) (value >>> shift);
      }
    }
    return bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes);
  }

  /** True for the unspecified address of either family, as {@link #decode} writes it. */
  static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::");
  }

  private static long parseWord(String hex, int from) {
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException("address '" + hex + "' has a non-hex character '" + hex.charAt(i) + "' at " + i);
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
  static String ipv6(byte[] b) {
    boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    for (int i = 0; i < 10 && mapped; i++) {
      mapped = b[i] == 0;
    }
    if (mapped) {
      return ipv4(b, 12);
    }
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = (b[2 * g] & 0xff) << 8 | (b[2 * g + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      int end = g;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - g > bestLength) {
        bestStart = g;
        bestLength = end - g;
      }
      g = end == g ? g + 1 : end;
    }
    StringBuilder text = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        text.append("::");
        g += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[g]));
    }
    return text.toString();
  }

  static String ipv4(byte[] b, int from) {
    return (b[from] & 0xff) + "." + (b[from + 1] & 0xff) + "." + (b[from + 2] & 0xff) + "." + (b[from + 3] & 0xff);
  }
}
