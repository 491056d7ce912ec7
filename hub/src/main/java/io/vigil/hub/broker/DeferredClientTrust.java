package io.vigil.hub.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets the MQTT TLS listener accept any client certificate in the handshake, so that the CONNECT
 * authenticator decides with the registry and the injected clock, and records why it refuses
 * (thumbprint mismatch, expired, untrusted ...). IoT Hub works the same way. The handshake still
 * makes the client prove it holds the certificate's key.
 *
 * <p>HiveMQ builds the listener's trust managers from a truststore file through
 * {@code TrustManagerFactory.getInstance("PKIX")}, with no other hook. So this installs, once per
 * JVM, a JCA provider of PKIX trust manager factories ahead of the JDK's: for a truststore holding
 * the entry {@value #MARKER_ALIAS} (written by {@link #writeTruststore}) it answers the deferring
 * trust manager; for any other truststore it delegates to the JDK's own (SunJSSE) factory, so the
 * rest of the JVM sees no change.
 */
final class DeferredClientTrust {
  static final String MARKER_ALIAS = "vigil-client-certificates-checked-at-connect";
  private static final String PROVIDER = "VigilDeferredClientTrust";

  private DeferredClientTrust() {}

  /** Installs the provider if it is not yet installed. Thread-safe and idempotent. */
  static synchronized void install() {
    if (Security.getProvider(PROVIDER) == null) {
      Security.insertProviderAt(new TrustProvider(), 1);
    }
  }

  /**
   * Writes the PKCS#12 truststore that selects the deferring trust manager: it holds
   * {@code placeholder} (any certificate; it trusts nothing by itself) under {@value #MARKER_ALIAS}.
   */
  static void writeTruststore(Path file, String password, X509Certificate placeholder) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(MARKER_ALIAS, placeholder);
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the client truststore " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the client truststore " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first certificate of the PKCS#12 keystore {@code file}: the server certificate, used as the placeholder. */
  static X509Certificate firstCertificate(Path file, String password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      for (String alias : java.util.Collections.list(store.aliases())) {
        if (store.getCertificate(alias) instanceof X509Certificate c) {
          return c;
        }
      }
      throw new IllegalStateException("keystore " + file + " holds no certificate");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keystore " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read keystore " + file + ": " + e.getMessage(), e);
    }
  }

  private static final class TrustProvider extends Provider {
    TrustProvider() {
      super(PROVIDER, "1", "PKIX trust managers; defers client certificate checks of Vigil's MQTT listener to CONNECT");
      putService(new Service(this, "TrustManagerFactory", "PKIX", Factory.class.getName(), List.of(), null) {
        @Override
        public Object newInstance(Object parameter) {
          return new Factory();
        }
      });
    }
  }

  private static final class Factory extends TrustManagerFactorySpi {
    private TrustManager[] managers;

    @Override
    protected void engineInit(KeyStore keyStore) throws KeyStoreException {
      if (keyStore != null && keyStore.containsAlias(MARKER_ALIAS)) {
        managers = new TrustManager[] {new AnyClientCertificate()};
        return;
      }
      try {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        jdk.init(keyStore);
        managers = jdk.getTrustManagers();
      } catch (GeneralSecurityException e) {
        throw new KeyStoreException("the JDK's PKIX trust manager factory is not available: " + e.getMessage(), e);
      }
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
      try {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        jdk.init(parameters);
        managers = jdk.getTrustManagers();
      } catch (InvalidAlgorithmParameterException e) {
        throw e;
      } catch (GeneralSecurityException e) {
        throw new InvalidAlgorithmParameterException("the JDK's PKIX trust manager factory is not available: " + e.getMessage(), e);
      }
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      if (managers == null) {
        throw new IllegalStateException("trust manager factory is not initialised");
      }
      return managers.clone();
    }
  }

  /**
   * Accepts any client certificate chain and names no acceptable issuers, so that a device sends
   * whatever certificate it has; serves no client side.
   */
  private static final class AnyClientCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("this trust manager checks only client certificates of Vigil's MQTT listener");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
