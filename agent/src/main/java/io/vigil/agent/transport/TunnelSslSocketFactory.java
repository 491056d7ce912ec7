package io.vigil.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS through an HTTP CONNECT tunnel. The MQTT client creates an unconnected socket and then
 * connects it; the socket made here opens the tunnel at that moment and layers TLS (with the hub's
 * name, for SNI and host-name verification) over it, then hands every call to that TLS socket.
 */
final class TunnelSslSocketFactory extends SSLSocketFactory {
  private final HttpProxy proxy;
  private final SSLSocketFactory tls;

  TunnelSslSocketFactory(HttpProxy proxy, SSLSocketFactory tls) {
    this.proxy = proxy;
    this.tls = tls;
  }

  @Override
  public Socket createSocket() {
    return new TunnelSslSocket();
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
    return tls.createSocket(s, host, port, autoClose);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(InetSocketAddress.createUnresolved(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return createSocket(host.getHostAddress(), port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return createSocket(address, port);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }

  /** An SSLSocket that becomes a TLS socket over a fresh tunnel when connected. */
  private final class TunnelSslSocket extends SSLSocket {
    private SSLSocket inner;

    private SSLSocket inner() {
      if (inner == null) {
        throw new IllegalStateException("not connected yet");
      }
      return inner;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      InetSocketAddress target = (InetSocketAddress) endpoint;
      ProxySockets.TunnelSocket tunnel = new ProxySockets.TunnelSocket(proxy);
      tunnel.connect(target, timeout);
      inner = (SSLSocket) tls.createSocket(tunnel, target.getHostString(), target.getPort(), true);
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, 0);
    }

    @Override public InputStream getInputStream() throws IOException { return inner().getInputStream(); }
    @Override public OutputStream getOutputStream() throws IOException { return inner().getOutputStream(); }
    @Override public synchronized void close() throws IOException { if (inner != null) { inner.close(); } }
    @Override public boolean isConnected() { return inner != null && inner.isConnected(); }
    @Override public boolean isClosed() { return inner != null && inner.isClosed(); }
    @Override public boolean isBound() { return inner != null && inner.isBound(); }
    @Override public synchronized void setSoTimeout(int timeout) throws java.net.SocketException { inner().setSoTimeout(timeout); }
    @Override public synchronized int getSoTimeout() throws java.net.SocketException { return inner().getSoTimeout(); }
    @Override public void setTcpNoDelay(boolean on) throws java.net.SocketException { inner().setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws java.net.SocketException { return inner().getTcpNoDelay(); }
    @Override public void setKeepAlive(boolean on) throws java.net.SocketException { inner().setKeepAlive(on); }
    @Override public void shutdownInput() throws IOException { inner().shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { inner().shutdownOutput(); }
    @Override public boolean isInputShutdown() { return inner().isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return inner().isOutputShutdown(); }
    @Override public InetAddress getInetAddress() { return inner().getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return inner().getLocalAddress(); }
    @Override public int getPort() { return inner().getPort(); }
    @Override public int getLocalPort() { return inner().getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return inner().getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return inner().getLocalSocketAddress(); }
    @Override public String[] getSupportedCipherSuites() { return inner().getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return inner().getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { inner().setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return inner().getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return inner().getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { inner().setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return inner().getSession(); }
    @Override public SSLSession getHandshakeSession() { return inner().getHandshakeSession(); }
    @Override public void addHandshakeCompletedListener(HandshakeCompletedListener l) { inner().addHandshakeCompletedListener(l); }
    @Override public void removeHandshakeCompletedListener(HandshakeCompletedListener l) { inner().removeHandshakeCompletedListener(l); }
    @Override public void startHandshake() throws IOException { inner().startHandshake(); }
    @Override public void setUseClientMode(boolean mode) { inner().setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return inner().getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { inner().setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return inner().getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { inner().setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return inner().getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { inner().setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return inner().getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return inner().getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters params) { inner().setSSLParameters(params); }
    @Override public String getApplicationProtocol() { return inner().getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return inner().getHandshakeApplicationProtocol(); }

    @Override
    public String toString() {
      return "TLS via " + proxy + (inner == null ? " (unconnected)" : " to " + inner.getInetAddress());
    }
  }
}
