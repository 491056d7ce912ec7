package io.vigil.wire;

/**
 * The schema's {@code ipv4} and {@code ipv6} formats, checked by hand: nothing here resolves a
 * name or touches the network.
 *
 * <p>IPv4 is the dotted quad of RFC 2673 without leading zeros (which some parsers read as octal).
 * IPv6 is the text form of RFC 4291 section 2.2, with {@code ::} and a trailing dotted quad, and
 * without a zone id ({@code %eth0}), as the JSON Schema test suite has it.
 */
final class IpLiterals {
  private IpLiterals() {}

  static boolean isIp(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  static boolean isIpv4(String text) {
    return isIpv4(text, 0, text.length());
  }

  static boolean isIpv6(String text) {
    int n = text.length();
    if (n < 2 || n > 45) {
      return false;
    }
    int gap = text.indexOf("::");
    if (gap < 0) {
      return groups(text, 0, n, true) == 8;
    }
    if (text.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    int head = gap == 0 ? 0 : groups(text, 0, gap, false);
    int tail = gap + 2 == n ? 0 : groups(text, gap + 2, n, true);
    // "::" stands for at least one group of zeros.
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /**
   * The number of 16-bit groups in {@code text[start, end)}, a ':'-separated list of 1-4 hex
   * digits whose last entry may be a dotted quad (counting 2) when {@code last}; -1 when malformed.
   */
  private static int groups(String text, int start, int end, boolean last) {
    int count = 0;
    int from = start;
    while (true) {
      int colon = text.indexOf(':', from);
      int to = colon < 0 || colon >= end ? end : colon;
      if (to == end && last && text.lastIndexOf('.', end - 1) >= from) {
        return isIpv4(text, from, to) ? count + 2 : -1;
      }
      if (!isHexGroup(text, from, to)) {
        return -1;
      }
      count++;
      if (to == end) {
        return count;
      }
      from = to + 1;
    }
  }

  private static boolean isHexGroup(String text, int start, int end) {
    if (end - start < 1 || end - start > 4) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv4(String text, int start, int end) {
    int parts = 0;
    int from = start;
    while (true) {
      int dot = text.indexOf('.', from);
      int to = dot < 0 || dot >= end ? end : dot;
      if (!isOctet(text, from, to)) {
        return false;
      }
      parts++;
      if (to == end) {
        return parts == 4;
      }
      if (parts == 4) {
        return false;
      }
      from = to + 1;
    }
  }

  private static boolean isOctet(String text, int start, int end) {
    int length = end - start;
    if (length < 1 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
      return false;
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255;
  }
}
