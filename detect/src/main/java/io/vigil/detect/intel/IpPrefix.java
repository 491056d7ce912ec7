package io.vigil.detect.intel;

/**
 * An IPv4 or IPv6 address or CIDR block as 128 bits plus a prefix length.
 *
 * <p>IPv4 lives in the IPv4-mapped IPv6 space ({@code ::ffff:a.b.c.d}), with 96 added to its
 * prefix length, so that one index serves both families and a dual-stack socket's {@code
 * ::ffff:203.0.113.5} matches an IPv4 indicator. A single address has length 128.
 *
 * @param hi the upper 64 bits
 * @param lo the lower 64 bits
 * @param length the prefix length, 0 to 128; the bits past it are zero
 */
record IpPrefix(long hi, long lo, int length) {
  private static final long MAPPED = 0xFFFF_0000_0000L;
  private static final long MAPPED_MASK = 0xFFFF_FFFF_0000_0000L;

  /**
   * Parses an address ({@code 198.51.100.7}, {@code 2001:db8::1}) or CIDR block ({@code
   * 198.51.100.0/24}, {@code 2001:db8::/32}).
   *
   * @throws IllegalArgumentException naming the text when it is neither, or when a block has
   *     bits set past its prefix length
   */
  static IpPrefix parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    IpPrefix address = parseAddress(slash < 0 ? t : t.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4/IPv6 address or CIDR");
    }
    if (slash < 0) {
      return address;
    }
    boolean v4 = t.lastIndexOf(':', slash) < 0;
    int max = v4 ? 32 : 128;
    int length = prefixLength(t, slash + 1, max);
    if (length < 0) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4/IPv6 address or CIDR (the prefix length of an "
          + (v4 ? "IPv4" : "IPv6") + " block is 0 to " + max + ")");
    }
    IpPrefix block = address.masked(v4 ? length + 96 : length);
    if (block.hi != address.hi || block.lo != address.lo) {
      throw new IllegalArgumentException("'" + text + "' has bits set past its prefix length (the block is " + block + ")");
    }
    return block;
  }

  /**
   * Parses a single address literal, IPv4 or IPv6, ignoring an IPv6 zone ({@code %eth0}).
   *
   * @return the address as a /128, or null when {@code text} is not an address literal
   */
  static IpPrefix parseAddress(String text) {
    int zone = text.indexOf('%');
    int end = zone < 0 ? text.length() : zone;
    if (text.indexOf(':') < 0) {
      long v4 = parseV4(text, 0, end);
      return v4 < 0 ? null : new IpPrefix(0, MAPPED | v4, 128);
    }
    return parseV6(text, end);
  }

  /** This prefix cut to its first {@code bits} bits. */
  IpPrefix masked(int bits) {
    return new IpPrefix(hi & maskHi(bits), lo & maskLo(bits), bits);
  }

  static long maskHi(int bits) {
    return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
  }

  static long maskLo(int bits) {
    return bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
  }

  /** True for addresses and blocks inside {@code ::ffff:0:0/96}, which print as IPv4. */
  boolean isV4() {
    return hi == 0 && (lo & MAPPED_MASK) == MAPPED && length >= 96;
  }

  /** The canonical text: dotted IPv4 or RFC 5952 IPv6, with {@code /length} only for a block. */
  @Override
  public String toString() {
    if (isV4()) {
      long v = lo & 0xFFFF_FFFFL;
      String address = (v >>> 24) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
      return length == 128 ? address : address + "/" + (length - 96);
    }
    String address = formatV6();
    return length == 128 ? address : address + "/" + length;
  }

  private String formatV6() {
    int[] words = new int[8];
    for (int i = 0; i < 4; i++) {
      words[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
      words[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
    }
    // RFC 5952: compress the longest run of two or more zero words, the first one on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(words[i]));
    }
    return out.toString();
  }

  private static int prefixLength(String t, int from, int max) {
    int digits = t.length() - from;
    if (digits < 1 || digits > 3) {
      return -1;
    }
    int n = 0;
    for (int i = from; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n <= max ? n : -1;
  }

  /** The 32-bit value of a dotted quad in {@code s[from, to)}, or -1. Leading zeros are refused (octal in inet_aton). */
  private static long parseV4(String s, int from, int to) {
    long value = 0;
    int i = from;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (i >= to || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
      int start = i;
      int n = 0;
      while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        n = n * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || n > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      value = value << 8 | n;
    }
    return i == to ? value : -1;
  }

  private static IpPrefix parseV6(String s, int to) {
    int[] words = new int[8];
    int n = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
    } else if (to > 0 && s.charAt(0) == ':') {
      return null;
    }
    while (i < to) {
      int start = i;
      int word = 0;
      int digit;
      while (i < to && i - start < 5 && (digit = hexDigit(s.charAt(i))) >= 0) {
        word = word << 4 | digit;
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        long v4 = n <= 6 ? parseV4(s, start, to) : -1;
        if (v4 < 0) {
          return null;
        }
        words[n++] = (int) (v4 >>> 16);
        words[n++] = (int) (v4 & 0xFFFF);
        break;
      }
      if (i == start || i - start > 4 || n == 8) {
        return null;
      }
      words[n++] = word;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i++;
      } else if (i == to) {
        return null;
      }
    }
    if (gap < 0 ? n != 8 : n > 7) {
      return null;
    }
    int[] full = new int[8];
    if (gap < 0) {
      full = words;
    } else {
      System.arraycopy(words, 0, full, 0, gap);
      System.arraycopy(words, gap, full, 8 - (n - gap), n - gap);
    }
    long hi = 0;
    long lo = 0;
    for (int w = 0; w < 4; w++) {
      hi = hi << 16 | full[w];
      lo = lo << 16 | full[w + 4];
    }
    return new IpPrefix(hi, lo, 128);
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}
