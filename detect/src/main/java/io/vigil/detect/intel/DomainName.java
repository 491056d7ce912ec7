package io.vigil.detect.intel;

import java.net.IDN;
import java.util.Locale;

/**
 * Domain-name canonicalisation: lower case ASCII (internationalised names as punycode), no
 * trailing dot.
 */
final class DomainName {
  private static final int MAX_LENGTH = 253;
  private static final int MAX_LABEL = 63;

  private DomainName() {}

  /**
   * The canonical form of a domain indicator. A leading {@code *.} is accepted and dropped: a
   * domain indicator always covers its subdomains.
   *
   * @throws IllegalArgumentException naming the text when it is not a domain name of at least two
   *     labels
   */
  static String canonical(String text) {
    String t = text.strip();
    if (t.startsWith("*.")) {
      t = t.substring(2);
    }
    if (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    if (!t.chars().allMatch(c -> c < 0x80)) {
      try {
        t = IDN.toASCII(t, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not a domain name (" + e.getMessage() + ")", e);
      }
    }
    t = t.toLowerCase(Locale.ROOT);
    if (IpPrefix.parseAddress(t) != null) {
      throw new IllegalArgumentException("'" + text + "' is an IP address, not a domain name (use type ip)");
    }
    if (!wellFormed(t)) {
      throw new IllegalArgumentException("'" + text + "' is not a domain name");
    }
    if (t.indexOf('.') < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a domain name of at least two labels"
          + " (one label would match a whole top-level domain)");
    }
    return t;
  }

  /**
   * A name seen in an event, lower-cased and without a trailing dot, for lookup. Not validated: a
   * malformed name simply matches nothing.
   */
  static String forLookup(String name) {
    String t = name.strip();
    if (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= 'A' && c <= 'Z' || c >= 0x80) {
        return t.toLowerCase(Locale.ROOT);
      }
    }
    return t;
  }

  /** True when {@code t} is a lower-case name of valid labels (one label is enough here). */
  static boolean wellFormed(String t) {
    if (t.isEmpty() || t.length() > MAX_LENGTH) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= t.length(); i++) {
      if (i == t.length() || t.charAt(i) == '.') {
        int length = i - labelStart;
        if (length == 0 || length > MAX_LABEL) {
          return false;
        }
        labelStart = i + 1;
        continue;
      }
      char c = t.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
