package io.vigil.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API token of the local administrator, kept in {@code admin.token} in the data dir, readable
 * only by its owner. Whoever can read the data dir can administer the server, as with any
 * database's files.
 */
public final class AdminToken {
  static final String FILE = "admin.token";

  private final String token;

  private AdminToken(String token) {
    this.token = token;
  }

  /** Reads the token, creating it on first use. */
  static AdminToken loadOrCreate(Path dataDir, SecureRandom random) {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return new AdminToken(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }

  /** The token for clients on this machine (the CLI), read from {@code dataDir}. */
  public static String read(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the API token " + file + ": " + e.getMessage(), e);
    }
  }

  /** True if {@code presented} is the token; constant time. */
  boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AdminToken[***]";
  }
}
