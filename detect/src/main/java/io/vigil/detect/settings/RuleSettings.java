package io.vigil.detect.settings;

import io.vigil.detect.sigma.SigmaRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which rules are on, per security group, and their exceptions; and the interval after which a
 * silent device is reported. Immutable and thread-safe. Read from and written as JSON
 * ({@link RuleSettingsJson}); the file is {@code DATA/rules-settings.json}:
 *
 * <pre>{@code
 * {"rules": {
 *    "iot_known_attack_tools": {"enabled": true, "groups": {"lab": false},
 *                               "exceptions": [{"name": "scanner", "fields": {"User": "nessus", "Image": "*\/nmap"}}]},
 *    "IoT_FileModified": {"enabled": false}},
 *  "deviceSilent": {"expectedInterval": "PT72H", "groups": {"lab": "PT1H"}}}
 * }</pre>
 *
 * <p>A rule is named by its {@code id}, its {@code name} or its AlertName; every entry that names
 * it applies. It is off for a group when an entry says so for the group, or, without a word for the
 * group, when the entry is {@code enabled: false}. A match is suppressed when the rule is off for
 * the device's group or one of its exceptions covers the event.
 *
 * @param rules per rule key, its settings
 * @param silentAfter how long a device may stay silent before {@code IoT_DeviceSilent}; null for the detection's default
 * @param silentAfterByGroup per security group, its own interval
 */
public record RuleSettings(Map<String, Entry> rules, Duration silentAfter, Map<String, Duration> silentAfterByGroup) {
  private static final RuleSettings NONE = new RuleSettings(Map.of(), null, Map.of());

  /**
   * One rule's settings.
   *
   * @param enabled null when not said (on)
   * @param groups per security group, whether the rule is on there
   * @param exceptions what suppresses the rule's matches
   */
  public record Entry(Boolean enabled, Map<String, Boolean> groups, List<Suppression> exceptions) {
    public Entry {
      groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
      exceptions = List.copyOf(exceptions);
    }

    /** Whether the rule is on for devices of {@code group} (null: not known). */
    public boolean enabledFor(String group) {
      Boolean forGroup = group == null ? null : groups.get(group);
      return forGroup != null ? forGroup : enabled == null || enabled;
    }
  }


  public RuleSettings {
    rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    silentAfterByGroup = Collections.unmodifiableMap(new LinkedHashMap<>(silentAfterByGroup));
    if (silentAfter != null && (silentAfter.isNegative() || silentAfter.isZero())) {
      throw new IllegalArgumentException("deviceSilent expectedInterval must be positive, was " + silentAfter);
    }
    silentAfterByGroup.forEach((g, d) -> {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("deviceSilent interval of group '" + g + "' must be positive, was " + d);
      }
    });
  }

  /** No settings: every rule on, no exceptions, the default silence interval. */
  public static RuleSettings none() {
    return NONE;
  }

  /** These settings with {@code key}'s entry replaced by {@code entry}, or removed when it is null. */
  public RuleSettings with(String key, Entry entry) {
    Map<String, Entry> next = new LinkedHashMap<>(rules);
    if (entry == null) {
      next.remove(key);
    } else {
      next.put(key, entry);
    }
    return new RuleSettings(next, silentAfter, silentAfterByGroup);
  }

  /** The entries that name {@code rule}: by id, name and AlertName, in that order. */
  List<Entry> entries(SigmaRule rule) {
    List<Entry> out = new ArrayList<>(1);
    add(out, rule.id());
    if (!Objects.equals(rule.name(), rule.id())) {
      add(out, rule.name());
    }
    add(out, rule.alertName());
    return out;
  }

  /** Whether a rule known by {@code keys} (id, name, AlertName; nulls ignored) is on for {@code group}. */
  public boolean enabled(String group, String... keys) {
    for (String key : keys) {
      Entry e = key == null ? null : rules.get(key);
      if (e != null && !e.enabledFor(group)) {
        return false;
      }
    }
    return true;
  }

  /** How long a device of {@code group} may stay silent; {@code fallback} when not set. */
  public Duration silentAfter(String group, Duration fallback) {
    Duration d = group == null ? null : silentAfterByGroup.get(group);
    return d != null ? d : silentAfter != null ? silentAfter : fallback;
  }

  private void add(List<Entry> out, String key) {
    if (key != null) {
      Entry e = rules.get(key);
      if (e != null) {
        out.add(e);
      }
    }
  }

  /** Settings compiled for matching: what the engine asks, once per match. */
  static final class Compiled {
    private final RuleSettings settings;
    private final Map<Entry, Suppression.Compiled[]> exceptions = new java.util.IdentityHashMap<>();

    Compiled(RuleSettings settings) {
      this.settings = settings;
      for (Entry e : settings.rules.values()) {
        exceptions.put(e, e.exceptions.stream().map(Suppression::compile).toArray(Suppression.Compiled[]::new));
      }
    }

    RuleSettings settings() {
      return settings;
    }

    boolean suppresses(SigmaRule rule, String group, Function<String, String> fields) {
      if (settings.rules.isEmpty()) {
        return false;
      }
      for (Entry e : settings.entries(rule)) {
        if (!e.enabledFor(group)) {
          return true;
        }
        for (Suppression.Compiled c : exceptions.get(e)) {
          if (c.covers(fields)) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
