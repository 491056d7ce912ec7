package io.vigil.detect.settings;

import io.vigil.detect.sigma.MatchFilter;
import io.vigil.detect.sigma.SigmaRule;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
  private final SettingsFile<RuleSettings> file;
  private volatile RuleSettings.Compiled current;

  private LiveRuleSettings(SettingsFile<RuleSettings> file, RuleSettings settings) {
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
    SettingsFile<RuleSettings> settingsFile = new SettingsFile<>(file, RuleSettingsJson::parse, RuleSettingsJson::write);
    return new LiveRuleSettings(settingsFile, settingsFile.read().orElse(RuleSettings.none()));
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
      file.write(next);
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
    return file == null ? Optional.empty() : file.readIfChanged(next -> current = new RuleSettings.Compiled(next));
  }
}
