package io.vigil.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories that reach the hub through an {@link HttpProxy}: each socket connects to the
 * proxy, asks it to {@code CONNECT host:port}, and then carries MQTT (or TLS, then MQTT) through
 * the tunnel. The hub's name goes to the proxy unresolved, so the device needs no DNS of its own.
 */
final class ProxySockets {
  private static final int MAX_RESPONSE_HEADER = 8192;

  private ProxySockets() {}

  /** Plain sockets through {@code proxy}. */
  static SocketFactory plain(HttpProxy proxy) {
    return new SocketFactory() {
      @Override
      public Socket createSocket() {
        return new TunnelSocket(proxy);
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
      }

      @Override
      public Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
      }

      @Override
      public Socket createSocket(java.net.InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
      }

      @Override
      public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort)
          throws IOException {
        return createSocket(address, port);
      }
    };
  }

  /** TLS sockets through {@code proxy}: the TLS session runs end to end with the hub, inside the tunnel. */
  static SSLSocketFactory tls(HttpProxy proxy, SSLSocketFactory tls) {
    return new TunnelSslSocketFactory(proxy, tls);
  }

  /** The proxy answered CONNECT with an error; {@code credentials} when it wants (other) credentials. */
  static final class ProxyRefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    final boolean credentials;

    ProxyRefusedException(String message, boolean credentials) {
      super(message);
      this.credentials = credentials;
    }
  }

  /** A socket whose {@code connect} opens a CONNECT tunnel through the proxy to the given address. */
  static final class TunnelSocket extends Socket {
    private final HttpProxy proxy;

    TunnelSocket(HttpProxy proxy) {
      this.proxy = proxy;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress target)) {
        throw new IOException("cannot tunnel to " + endpoint);
      }
      try {
        super.connect(new InetSocketAddress(proxy.host(), proxy.port()), timeout);
      } catch (IOException e) {
        throw new IOException("cannot reach the proxy " + proxy + ": " + e.getMessage(), e);
      }
      int previous = getSoTimeout();
      setSoTimeout(timeout);
      handshake(target.getHostString(), target.getPort());
      setSoTimeout(previous);
    }

    private void handshake(String host, int port) throws IOException {
      String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
      StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
          .append(authority).append("\r\n");
      if (proxy.authorization() != null) {
        request.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = readHeader(getInputStream()).lines().findFirst().orElse("");
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].equals("200")) {
        close();
        boolean credentials = parts.length > 1 && parts[1].equals("407");
        throw new ProxyRefusedException("the proxy " + proxy + " refused CONNECT " + authority + ": '" + status + "'"
            + (credentials ? " (proxy credentials missing or wrong)" : ""), credentials);
      }
    }

    /** The response up to its blank line, read a byte at a time so nothing of the tunnel is consumed. */
    private String readHeader(InputStream in) throws IOException {
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the proxy " + proxy + " closed the connection during CONNECT");
        }
        header.write(b);
        if (header.size() > MAX_RESPONSE_HEADER) {
          throw new IOException("the proxy " + proxy + " sent a CONNECT response longer than " + MAX_RESPONSE_HEADER + " bytes");
        }
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return header.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
