package io.vigil.detect.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A settings document kept in a JSON file of the data dir: read at start, written atomically (a
 * temporary file moved over the old one), and read again when someone edits it.
 *
 * <p>Not thread-safe: the owner serialises {@link #write} and {@link #readIfChanged}.
 *
 * @param <T> the settings, immutable
 */
public final class SettingsFile<T> {
  private final Path file;
  private final BiFunction<String, String, T> parse;
  private final Function<T, String> format;
  private FileTime readModified;
  private long readSize = -1;

  /**
   * @param parse reads the text; its second argument names the file in messages; throws
   *     {@link IllegalArgumentException} on bad content
   * @param format writes settings as {@code parse} reads them
   */
  public SettingsFile(Path file, BiFunction<String, String, T> parse, Function<T, String> format) {
    this.file = file;
    this.parse = parse;
    this.format = format;
  }

  /**
   * The settings in the file, or empty when it does not exist yet.
   *
   * @throws IllegalArgumentException naming the file and what is wrong in it
   * @throws UncheckedIOException when it exists but cannot be read
   */
  public Optional<T> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      remember();
      return Optional.of(parse.apply(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves {@code settings}: the file is replaced whole or not at all.
   *
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  public void write(T settings) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, format.apply(settings), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      remember();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the file again if it changed since it was last read or written.
   *
   * @param use takes the new settings
   * @return the problem, when the changed file could not be used (then {@code use} is not called); empty otherwise
   */
  public Optional<String> readIfChanged(java.util.function.Consumer<T> use) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      if (modified.equals(readModified) && size == readSize) {
        return Optional.empty();
      }
      read().ifPresent(use);
      return Optional.empty();
    } catch (IllegalArgumentException | UncheckedIOException | IOException e) {
      remember();
      return Optional.of(e.getMessage() + " (the previous settings stay in force)");
    }
  }

  /** Notes the file's state, so that only later edits count as changes. */
  private void remember() {
    try {
      readModified = Files.getLastModifiedTime(file);
      readSize = Files.size(file);
    } catch (IOException e) {
      readModified = null;
      readSize = -1;
    }
  }
}
