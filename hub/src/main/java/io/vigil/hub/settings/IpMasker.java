package io.vigil.hub.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masks the IP addresses in what is about to be stored, by an {@link IpMasking}: every IPv4 and IPv6
 * literal, standing alone or inside text (a command line, a reason, an alert description), is
 * replaced by its network ({@code 192.0.2.0} for {@code 192.0.2.7} with a /24) or by
 * {@code hmac:<20 hex digits>} (the start of an HMAC-SHA256 under the data dir's key, so that one
 * address always gives the same value and can be counted, but not read back).
 *
 * <p>Thread-safe and immutable. Nothing resolves a name.
 */
public final class IpMasker {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Candidates, then checked strictly: dotted quads, and runs of hex digits with colons (IPv6, maybe with a dotted tail). */
  private static final Pattern CANDIDATE = Pattern.compile(
      "(?<![\\w.:])(?:\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\w]|\\.\\d)|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\\.\\d{1,3}){0,3}(?![\\w:]))");
  private static final Pattern IPV4 = Pattern.compile("(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private final IpMasking masking;
  /** A Mac per thread: making one costs more than using it, and a Mac is not thread-safe. */
  private final ThreadLocal<Mac> macs;

  private IpMasker(IpMasking masking, byte[] key) {
    this.masking = masking;
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
  }

  /** Leaves every address as it is. */
  public static IpMasker none() {
    return new IpMasker(IpMasking.NONE, new byte[0]);
  }

  /**
   * @param key the HMAC key of {@code HASH}; never logged, never in an answer
   */
  public static IpMasker of(IpMasking masking, byte[] key) {
    if (masking.mode() == IpMasking.Mode.HASH && key.length < 16) {
      throw new IllegalArgumentException("the IP hash key must have at least 16 bytes, has " + key.length);
    }
    return new IpMasker(masking, key.clone());
  }

  /** True when nothing is masked, so callers can skip the work. */
  public boolean isNone() {
    return masking.mode() == IpMasking.Mode.NONE;
  }

  /** {@code value} with every IP literal in it masked; null stays null. */
  public String text(String value) {
    if (value == null || isNone() || !mayHoldAddress(value)) {
      return value;
    }
    Matcher m = CANDIDATE.matcher(value);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      InetAddress address = literal(m.group());
      if (address == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(value.length());
      }
      out.append(value, last, m.start()).append(mask(address));
      last = m.end();
    }
    return out == null ? value : out.append(value, last, value.length()).toString();
  }

  /** False when {@code value} cannot hold an address (no digit-dot-digit, no colon): most strings, skipped without a regex. */
  private static boolean mayHoldAddress(String value) {
    for (int i = 1, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c == ':' || (c == '.' && i + 1 < n && isDigit(value.charAt(i - 1)) && isDigit(value.charAt(i + 1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The map with every value masked as {@link #text}. */
  public Map<String, String> values(Map<String, String> map) {
    if (isNone() || map.isEmpty()) {
      return map;
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, text(v)));
    return out;
  }

  /**
   * A JSON document with every string in it masked as {@link #text}; the document as it is when
   * nothing is masked.
   *
   * @throws IllegalArgumentException if {@code json} is not JSON (the pipeline only gives it JSON it made)
   */
  public String json(String json) {
    if (isNone()) {
      return json;
    }
    try {
      return maskNode(JSON.readTree(json)).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot mask the IP addresses of a document that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private JsonNode maskNode(JsonNode node) {
    if (node.isTextual()) {
      String masked = text(node.asText());
      return masked.equals(node.asText()) ? node : TextNode.valueOf(masked);
    }
    if (node instanceof ObjectNode o) {
      o.properties().forEach(e -> e.setValue(maskNode(e.getValue())));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, maskNode(a.get(i)));
      }
    }
    return node;
  }

  private String mask(InetAddress address) {
    return switch (masking.mode()) {
      case NONE -> address.getHostAddress();
      case PREFIX -> zeroHostBits(address, address.getAddress().length == 4 ? masking.ipv4Prefix() : masking.ipv6Prefix()).getHostAddress();
      case HASH -> "hmac:" + HexFormat.of().formatHex(hmac(address.getAddress()), 0, 10);
    };
  }

  private byte[] hmac(byte[] data) {
    return macs.get().doFinal(data);
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK: " + e, e);
    }
  }

  /** The address of a strict IPv4 dotted quad or IPv6 literal (no zone, no short IPv4 forms), or null when {@code text} is not one. */
  static InetAddress literal(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    if (!v4 && (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches())) {
      return null;
    }
    try {
      return InetAddress.ofLiteral(text);
    } catch (IllegalArgumentException e) {
      return null; // looked like an address but is not one: left as it is, by design
    }
  }

  /** {@code address} with every bit after the first {@code prefix} set to zero. */
  static InetAddress zeroHostBits(InetAddress address, int prefix) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] &= (byte) (0xFF << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "IpMasker[" + masking + "]"; // never the key
  }
}
