package io.vigil.agent.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the local file's settings with the twin's desired properties, the twin winning, key by
 * key. A desired value that is not valid keeps that key's previous setting and is reported, so one
 * bad value never blanks the configuration or stops the agent.
 */
public final class ConfigResolver {
  private final ConfigKeys keys;
  private final AgentConfig local;

  /**
   * @param local what the local file set (already validated: a bad file stops the agent at start)
   */
  public ConfigResolver(ConfigKeys keys, AgentConfig local) {
    this.keys = keys;
    this.local = local;
  }

  /**
   * The configuration and its refusals.
   *
   * @param invalid each refused desired key with why, sorted by key; empty when all were accepted
   */
  public record Resolution(AgentConfig config, Map<String, String> invalid) {
    public Resolution {
      invalid = java.util.Collections.unmodifiableMap(new TreeMap<>(invalid));
    }

    public boolean accepted() {
      return invalid.isEmpty();
    }

    /** "Key: reason" for each refused key. */
    public List<String> errors() {
      return invalid.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }
  }

  /** The local settings alone. */
  public AgentConfig local() {
    return local;
  }

  /**
   * The local settings overridden by {@code desired} (the twin's desired properties, its {@code $}
   * keys ignored; a null value stands for a key that was removed).
   *
   * @param previous the configuration in force, whose setting an invalid desired value keeps
   */
  public Resolution resolve(Map<String, Object> desired, AgentConfig previous) {
    Map<String, AgentConfig.Setting> values = new HashMap<>(local.values());
    Map<String, String> invalid = new HashMap<>();
    desired.forEach((name, given) -> {
      if (name.startsWith("$") || given == null) {
        return;
      }
      ConfigKey key = keys.get(name);
      if (key == null) {
        invalid.put(name, "unknown key (the keys are listed in the README, under 'Agent configuration')");
        return;
      }
      if (key.localOnly()) {
        invalid.put(name, "can be set only in the local configuration file, not remotely");
        return;
      }
      try {
        values.put(name, new AgentConfig.Setting(given, key.parse().apply(given)));
      } catch (IllegalArgumentException | ClassCastException e) {
        invalid.put(name, e.getMessage());
        AgentConfig.Setting kept = previous.values().get(name);
        if (kept != null) {
          values.put(name, kept);
        }
      }
    });
    return new Resolution(new AgentConfig(values), invalid);
  }
}
