package io.vigil.detect.sigma;

/**
 * Parses IP address literals without touching DNS: dotted IPv4, and IPv6 with {@code ::}, an
 * embedded IPv4 tail and an optional {@code %zone} or brackets. An IPv4-mapped IPv6 address
 * ({@code ::ffff:10.1.2.3}) is read as its IPv4 address, so IPv4 networks match it.
 */
final class IpAddress {
  private IpAddress() {}

  /** The 4 or 16 address bytes, or null when {@code text} is not an IP literal. */
  static byte[] parse(String text) {
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.indexOf(':') < 0) {
      return ipv4(t);
    }
    int zone = t.indexOf('%');
    byte[] v6 = ipv6(zone < 0 ? t : t.substring(0, zone));
    if (v6 != null && isV4Mapped(v6)) {
      byte[] v4 = new byte[4];
      System.arraycopy(v6, 12, v4, 0, 4);
      return v4;
    }
    return v6;
  }

  static byte[] ipv4(String t) {
    String[] parts = t.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] ipv6(String t) {
    int gap = t.indexOf("::");
    if (gap >= 0 && t.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? t : t.substring(0, gap);
    String tail = gap < 0 ? "" : t.substring(gap + 2);
    int[] front = groups(head);
    int[] back = groups(tail);
    if (front == null || back == null) {
      return null;
    }
    int total = front.length + back.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < front.length; i++) {
      out[2 * i] = (byte) (front[i] >> 8);
      out[2 * i + 1] = (byte) front[i];
    }
    for (int i = 0; i < back.length; i++) {
      int at = 8 - back.length + i;
      out[2 * at] = (byte) (back[i] >> 8);
      out[2 * at + 1] = (byte) back[i];
    }
    return out;
  }

  /** 16-bit groups of one side of an IPv6 address; a trailing dotted IPv4 counts as two. */
  private static int[] groups(String side) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int n = parts.length;
    byte[] v4 = parts[n - 1].indexOf('.') >= 0 ? ipv4(parts[n - 1]) : null;
    if (parts[n - 1].indexOf('.') >= 0 && v4 == null) {
      return null;
    }
    int[] out = new int[v4 == null ? n : n + 1];
    for (int i = 0; i < (v4 == null ? n : n - 1); i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      try {
        out[i] = Integer.parseInt(p, 16);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (v4 != null) {
      out[n - 1] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
      out[n] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
    }
    return out;
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }
}
