package io.vigil.hub.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Where settings live in the data dir: {@code settings.json} (written to a temporary file, forced,
 * then renamed over the old one, mode 0600) and the IP hash key {@code ip-mask.key} (32 random
 * bytes, mode 0600, made at first use and never shown).
 */
final class SettingsFile {
  static final String FILE = "settings.json";
  static final String KEY_FILE = "ip-mask.key";

  private SettingsFile() {}

  /**
   * The settings stored in {@code dataDir}, the defaults when there are none yet.
   *
   * @throws IllegalStateException naming the file and every problem in it
   */
  static SettingsDocument load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return SettingsDocument.DEFAULTS;
    }
    try {
      return SettingsDocument.fromJson(SettingsJson.JSON.readTree(file.toFile()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(file + " is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    } catch (SettingsException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void save(Path dataDir, SettingsDocument doc) {
    Path file = dataDir.resolve(FILE);
    Path tmp = dataDir.resolve(FILE + ".tmp");
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, SettingsJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc.toJson()));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The IP hash key, made on first use. */
  static byte[] key(Path dataDir, SecureRandom random) {
    Path file = dataDir.resolve(KEY_FILE);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDir);
        byte[] key = new byte[32];
        random.nextBytes(key);
        Path tmp = dataDir.resolve(KEY_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, key);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length < 16) {
        throw new IllegalStateException("the IP hash key " + file + " holds " + key.length + " bytes, at least 16 are needed");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the IP hash key " + file + ": " + e.getMessage(), e);
    }
  }
}
