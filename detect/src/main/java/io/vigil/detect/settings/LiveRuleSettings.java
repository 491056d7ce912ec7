package io.vigil.detect.settings;

import io.vigil.detect.sigma.MatchFilter;
import io.vigil.detect.sigma.SigmaRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rule settings in force, backed by a JSON file ({@code DATA/rules-settings.json}): what the
 * Sigma engine asks for each match. A change through {@link #put} is saved and takes effect at
 * once; an edit of the file takes effect when the runtime next calls {@link #reloadIfChanged}.
 *
 * <p>Thread-safe: matches read the settings from any thread (one volatile read, then lookups only
 * for the matched rule); changes are serialised.
 */
public final class LiveRuleSettings implements MatchFilter {
  private final Path file;
  private volatile RuleSettings.Compiled current;
  private FileTime readModified;
  private long readSize = -1;

  private LiveRuleSettings(Path file, RuleSettings settings) {
    this.file = file;
    this.current = new RuleSettings.Compiled(settings);
  }

  /**
   * The settings of {@code file}; none (every rule on) when it does not exist yet.
   *
   * @throws IllegalArgumentException naming the file and the JSON pointer of a bad value
   * @throws UncheckedIOException when it exists but cannot be read
   */
  public static LiveRuleSettings open(Path file) {
    LiveRuleSettings live = new LiveRuleSettings(file, RuleSettings.none());
    if (Files.exists(file)) {
      live.current = new RuleSettings.Compiled(live.read());
    }
    return live;
  }

  /** Settings held in memory only, for tests and tools. */
  public static LiveRuleSettings inMemory(RuleSettings settings) {
    return new LiveRuleSettings(null, settings);
  }

  public RuleSettings current() {
    return current.settings();
  }

  @Override
  public boolean suppresses(SigmaRule rule, String securityGroup, Function<String, String> fields) {
    return current.suppresses(rule, securityGroup, fields);
  }

  /**
   * Replaces {@code key}'s entry (removes it when {@code entry} is null), saves the file, and puts
   * the settings in force.
   *
   * @throws UncheckedIOException when the file cannot be written; the settings in force stay as they were
   */
  public synchronized RuleSettings put(String key, RuleSettings.Entry entry) {
    RuleSettings next = current.settings().with(key, entry);
    if (file != null) {
      write(next);
    }
    current = new RuleSettings.Compiled(next);
    return next;
  }

  /**
   * Reads the file again if it changed since it was last read or written.
   *
   * @return the problem, when the changed file could not be used (the settings in force stay); empty otherwise
   */
  public synchronized Optional<String> reloadIfChanged() {
    if (file == null) {
      return Optional.empty();
    }
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      if (modified.equals(readModified) && size == readSize) {
        return Optional.empty();
      }
      current = new RuleSettings.Compiled(read());
      return Optional.empty();
    } catch (IllegalArgumentException | UncheckedIOException | IOException e) {
      remember();
      return Optional.of(e.getMessage() + " (the previous settings stay in force)");
    }
  }

  private RuleSettings read() {
    try {
      remember();
      return RuleSettingsJson.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(RuleSettings settings) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, RuleSettingsJson.write(settings), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      remember();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
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
