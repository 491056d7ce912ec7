package io.vigil.hub.ca;

import io.vigil.model.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A device certificate issued by Vigil's CA and its private key.
 *
 * <p>{@link #toString()} never shows the key.
 *
 * @param chain the device certificate first, then the CA certificate that issued it
 * @param privateKey the device's EC P-256 key
 */
public record DeviceCredentials(List<X509Certificate> chain, PrivateKey privateKey) {
  public DeviceCredentials {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain must hold the device certificate");
    }
    Require.present(privateKey, "privateKey");
  }

  /** The files written by {@link #writeTo}. */
  public record Files(Path certificate, Path privateKey) {}

  public X509Certificate certificate() {
    return chain.getFirst();
  }

  /** The SHA-256 thumbprint the device is registered by. */
  public Thumbprint thumbprint() {
    return Thumbprint.sha256(certificate());
  }

  /** The device certificate then the CA certificate, PEM. */
  public String certificatePem() {
    return Pem.certificates(chain);
  }

  /** The unencrypted PKCS#8 private key, PEM. */
  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  /**
   * Writes {@code DIR/NAME.crt} (mode 0644) and {@code DIR/NAME.key} (mode 0600, created so from the
   * start). Existing files are never overwritten.
   *
   * @throws IllegalArgumentException naming the file that already exists
   */
  public static Files write(Path dir, String name, String certificatePem, String privateKeyPem) {
    Path crt = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    for (Path p : List.of(crt, key)) {
      if (java.nio.file.Files.exists(p)) {
        throw new IllegalArgumentException(p + " already exists; move it away or write elsewhere");
      }
    }
    try {
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      java.nio.file.Files.writeString(key, privateKeyPem);
      java.nio.file.Files.writeString(crt, certificatePem);
      java.nio.file.Files.setPosixFilePermissions(crt, PosixFilePermissions.fromString("rw-r--r--"));
      return new Files(crt, key);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(e.getFile() + " already exists; move it away or write elsewhere", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the device certificate and key to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes this certificate chain and key; see {@link #write(Path, String, String, String)}. */
  public Files writeTo(Path dir, String name) {
    return write(dir, name, certificatePem(), privateKeyPem());
  }

  @Override
  public String toString() {
    return "DeviceCredentials[" + certificate().getSubjectX500Principal() + ", key=***]";
  }
}
