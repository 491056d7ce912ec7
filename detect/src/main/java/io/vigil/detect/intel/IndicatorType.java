package io.vigil.detect.intel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an indicator's value is, and so which event fields it is matched against. */
public enum IndicatorType {
  /** An IPv4 or IPv6 address or CIDR block; matched against a connection's remote address. */
  IP("ip"),
  /** A domain name; matches the name itself and every name below it. */
  DOMAIN("domain"),
  /** An absolute URL, matched exactly after canonicalisation. */
  URL("url"),
  /** A SHA-256 file hash, 64 hex digits. */
  SHA256("sha256"),
  /** A remote TCP/UDP port of outbound connections, for example a mining-pool port. */
  PORT("port");

  private final String feedName;

  IndicatorType(String feedName) {
    this.feedName = feedName;
  }

  /** The name used in the {@code type} column of CSV feeds, for example {@code ip}. */
  public String feedName() {
    return feedName;
  }

  /**
   * The type whose {@link #feedName()} is {@code name}, ignoring case.
   *
   * @throws IllegalArgumentException listing the supported names when there is none
   */
  public static IndicatorType fromFeedName(String name) {
    for (IndicatorType type : values()) {
      if (type.feedName.equalsIgnoreCase(name.strip())) {
        return type;
      }
    }
    throw new IllegalArgumentException("type '" + name + "' is not supported (supported: " + supported() + ")");
  }

  static String supported() {
    return Arrays.stream(values()).map(IndicatorType::feedName).collect(Collectors.joining(", "));
  }

  /**
   * The canonical text of {@code value} for this type: addresses as {@link IpPrefix} prints them,
   * lower-case domain names and hashes, canonical URLs, ports without leading zeros.
   *
   * @throws IllegalArgumentException naming the value and what it should have been
   */
  String canonical(String value) {
    return switch (this) {
      case IP -> IpPrefix.parse(value).toString();
      case DOMAIN -> DomainName.canonical(value);
      case URL -> UrlForm.canonical(value);
      case SHA256 -> sha256(value);
      case PORT -> Integer.toString(port(value));
    };
  }

  static int port(String value) {
    String t = value.strip();
    if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("'" + value + "' is not a port number (1 to 65535)");
    }
    int port = Integer.parseInt(t);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("'" + value + "' is not a port number (1 to 65535)");
    }
    return port;
  }

  private static String sha256(String value) {
    String t = value.strip();
    boolean hex = t.length() == 64 && t.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    if (!hex) {
      throw new IllegalArgumentException("'" + value + "' is not a SHA-256 hash (64 hex digits)");
    }
    return t.toLowerCase(Locale.ROOT);
  }
}
