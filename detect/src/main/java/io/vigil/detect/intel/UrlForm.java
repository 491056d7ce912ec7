package io.vigil.detect.intel;

import java.util.Locale;

/**
 * A URL in the canonical form that URL indicators are matched in.
 *
 * <p>The scheme and host are lower-cased, user information, the fragment and the scheme's default
 * port (http 80, https 443, ftp 21) are dropped, and an empty path becomes {@code /}. The path and
 * query keep their case and their percent-encoding.
 *
 * @param canonical the whole canonical URL
 * @param host the host: a domain name, a dotted IPv4 address or an IPv6 address without brackets
 */
record UrlForm(String canonical, String host) {

  /**
   * The canonical form of a URL indicator.
   *
   * @throws IllegalArgumentException naming the text when it is not an absolute URL with a host
   */
  static String canonical(String text) {
    UrlForm url = parse(text.strip());
    if (url == null || IpPrefix.parseAddress(url.host) == null && !DomainName.wellFormed(url.host)) {
      throw new IllegalArgumentException("'" + text + "' is not an absolute URL (scheme://host/path)");
    }
    return url.canonical;
  }

  /** Parses {@code text}; null when it is not an absolute {@code scheme://host...} URL. */
  static UrlForm parse(String text) {
    int colon = text.indexOf("://");
    if (colon < 1 || !isScheme(text, colon)) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) <= ' ') {
        return null;
      }
    }
    String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
    int authorityStart = colon + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < text.length() && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = text.substring(authorityStart, authorityEnd);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    String port = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = authority.substring(1, close);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = rest.substring(1);
      }
      IpPrefix v6 = IpPrefix.parseAddress(host);
      if (v6 == null) {
        return null;
      }
      host = v6.toString();
    } else {
      int portColon = authority.lastIndexOf(':');
      host = portColon < 0 ? authority : authority.substring(0, portColon);
      port = portColon < 0 ? "" : authority.substring(portColon + 1);
      host = DomainName.forLookup(host);
    }
    if (host.isEmpty() || !validPort(port)) {
      return null;
    }
    if (port.equals(defaultPort(scheme))) {
      port = "";
    }
    int fragment = text.indexOf('#', authorityEnd);
    String rest = text.substring(authorityEnd, fragment < 0 ? text.length() : fragment);
    if (!rest.startsWith("/")) {
      rest = "/" + rest;
    }
    String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return new UrlForm(scheme + "://" + hostPart + (port.isEmpty() ? "" : ":" + port) + rest, host);
  }

  private static boolean isScheme(String text, int end) {
    char first = text.charAt(0);
    if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = text.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean validPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int n = Integer.parseInt(port);
    return n >= 1 && n <= 65535;
  }

  private static String defaultPort(String scheme) {
    return switch (scheme) {
      case "http" -> "80";
      case "https" -> "443";
      case "ftp" -> "21";
      default -> "-";
    };
  }
}
