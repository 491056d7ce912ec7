package io.vigil.agent.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An HTTP proxy the agent reaches the hub through, with the CONNECT method, as the old agent's
 * ProxyConfig allowed: {@code http://[user:password@]host:port}.
 *
 * @param credentials {@code user:password}, or null
 */
public record HttpProxy(String host, int port, String credentials) {
  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong; the password is never echoed
   */
  public static HttpProxy parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("proxy: '" + redact(text) + "' is not a URL such as http://proxy.example:3128");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("proxy: '" + redact(text) + "' must start with http:// (an HTTP CONNECT proxy)");
    }
    if (uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException("proxy: '" + redact(text) + "' needs a host and a port, such as http://proxy.example:3128");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw new IllegalArgumentException("proxy: '" + redact(text) + "' must not have a path");
    }
    return new HttpProxy(uri.getHost(), uri.getPort(), uri.getUserInfo());
  }

  /** The {@code Proxy-Authorization} header value, or null without credentials. */
  String authorization() {
    return credentials == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code text} with any password replaced by {@code ***}. */
  static String redact(String text) {
    return text.replaceAll("(//[^:/@]*:)[^@]*@", "$1***@");
  }

  @Override
  public String toString() {
    return "http://" + (credentials == null ? "" : credentials.replaceAll(":.*", ":***") + "@") + host + ":" + port;
  }
}
