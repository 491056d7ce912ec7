package io.vigil.wire.auth;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared access signature, the IoT Hub token scheme:
 * {@code SharedAccessSignature sr=H%2Fdevices%2FD&sig=S&se=E}, where S is the base64 HMAC-SHA256,
 * keyed by the base64-decoded device key, of the url-encoded {@code sr}, a newline and the expiry
 * in epoch seconds. {@link #signedWith} also accepts the unencoded forms that the Azure IoT device
 * SDKs sign.
 *
 * @param resourceUri the decoded {@code sr}, for example {@code hub.local/devices/gw-1}
 * @param signature the decoded base64 {@code sig}
 * @param expiry the {@code se} instant
 */
public record SasToken(String resourceUri, String signature, Instant expiry) {
  private static final String PREFIX = "SharedAccessSignature ";

  /** The resource uri of device {@code deviceId} on hub {@code hostName}. */
  public static String deviceResource(String hostName, String deviceId) {
    return hostName + "/devices/" + deviceId;
  }

  /**
   * A token for {@code resourceUri}, signed with {@code base64Key}, valid until {@code expiry}.
   *
   * @throws IllegalArgumentException if the key is not base64
   */
  public static SasToken sign(String resourceUri, String base64Key, Instant expiry) {
    return new SasToken(resourceUri, signature(encode(resourceUri), base64Key, expiry), Instant.ofEpochSecond(expiry.getEpochSecond()));
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException saying which part is missing or malformed
   */
  public static SasToken parse(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      throw new IllegalArgumentException("SAS token must start with 'SharedAccessSignature '");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : token.substring(PREFIX.length()).trim().split("&")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("SAS token field '" + part + "' is not key=value");
      }
      fields.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String sr = fields.get("sr");
    String sig = fields.get("sig");
    String se = fields.get("se");
    if (sr == null || sig == null || se == null) {
      throw new IllegalArgumentException("SAS token needs sr, sig and se; it has " + fields.keySet());
    }
    long expirySeconds;
    try {
      expirySeconds = Long.parseLong(se);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SAS token se '" + se + "' is not epoch seconds", e);
    }
    return new SasToken(sr, sig, Instant.ofEpochSecond(expirySeconds));
  }

  /** The wire form. */
  @Override
  public String toString() {
    return PREFIX
        + "sr=" + encode(resourceUri)
        + "&sig=" + encode(signature)
        + "&se=" + expiry.getEpochSecond();
  }

  /**
   * True if the signature is {@code base64Key}'s over one of the forms of the resource uri that IoT
   * Hub accepts: url-encoded as documented ({@code hub%2Fdevices%2Fgw%3A1}, how Vigil signs), or as
   * the Azure IoT C and Java device SDKs sign and send it, not encoded but for each path segment
   * ({@code hub/devices/gw%3A1}), or not encoded at all. Compares in constant time. Expiry is not
   * checked.
   */
  public boolean signedWith(String base64Key) {
    byte[] actual = signature.getBytes(StandardCharsets.UTF_8);
    boolean matches = false;
    for (String form : new LinkedHashSet<>(List.of(encode(resourceUri), encodeSegments(resourceUri), resourceUri))) {
      matches |= MessageDigest.isEqual(signature(form, base64Key, expiry).getBytes(StandardCharsets.UTF_8), actual);
    }
    return matches;
  }

  /** True if the token has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiry);
  }

  /** The HMAC of {@code signedResource}, a newline and the expiry: the resource goes in as given. */
  private static String signature(String signedResource, String base64Key, Instant expiry) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("shared access key is not valid base64", e);
    }
    String toSign = signedResource + "\n" + expiry.getEpochSecond();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** {@code a/b c/d} as {@code a/b+c/d}: each '/'-separated segment url-encoded, the separators kept. */
  private static String encodeSegments(String s) {
    StringJoiner out = new StringJoiner("/");
    for (String segment : s.split("/", -1)) {
      out.add(encode(segment));
    }
    return out.toString();
  }
}
