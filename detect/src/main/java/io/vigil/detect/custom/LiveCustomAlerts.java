package io.vigil.detect.custom;

import io.vigil.detect.settings.SettingsFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The custom alert rules in force, backed by a JSON file ({@code DATA/custom-alerts.json}). A change
 * through {@link #put} is saved and applies to the next event; an edit of the file applies when the
 * runtime next calls {@link #reloadIfChanged}.
 *
 * <p>Thread-safe: detections read the rules from any thread with one volatile read per event; changes
 * are serialised.
 */
public final class LiveCustomAlerts {
  private final SettingsFile<CustomAlerts> file;
  private volatile CompiledAlerts current;

  private LiveCustomAlerts(SettingsFile<CustomAlerts> file, CustomAlerts alerts) {
    this.file = file;
    this.current = new CompiledAlerts(alerts);
  }

  /**
   * The rules of {@code file}; none when it does not exist yet.
   *
   * @throws IllegalArgumentException naming the file and the JSON pointer of a bad value
   * @throws UncheckedIOException when it exists but cannot be read
   */
  public static LiveCustomAlerts open(Path file) {
    SettingsFile<CustomAlerts> settingsFile = new SettingsFile<>(file, CustomAlertsJson::parse, CustomAlertsJson::write);
    return new LiveCustomAlerts(settingsFile, settingsFile.read().orElse(CustomAlerts.none()));
  }

  /** Rules held in memory only, for tests and tools. */
  public static LiveCustomAlerts inMemory(CustomAlerts alerts) {
    return new LiveCustomAlerts(null, alerts);
  }

  public CustomAlerts current() {
    return current.source();
  }

  /** The rules ready for events: one volatile read. */
  CompiledAlerts compiled() {
    return current;
  }

  /**
   * Replaces {@code group}'s rules (an empty list removes them), saves the file, and puts the rules in force.
   *
   * @throws IllegalArgumentException when a rule is given twice
   * @throws UncheckedIOException when the file cannot be written; the rules in force stay as they were
   */
  public synchronized CustomAlerts put(String group, List<CustomAlertRule> rules) {
    CustomAlerts next = current.source().with(group, rules);
    if (file != null) {
      file.write(next);
    }
    current = new CompiledAlerts(next);
    return next;
  }

  /**
   * Reads the file again if it changed since it was last read or written.
   *
   * @return the problem, when the changed file could not be used (the rules in force stay); empty otherwise
   */
  public synchronized Optional<String> reloadIfChanged() {
    return file == null ? Optional.empty() : file.readIfChanged(next -> current = new CompiledAlerts(next));
  }
}
