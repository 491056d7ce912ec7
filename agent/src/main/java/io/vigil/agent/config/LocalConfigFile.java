package io.vigil.agent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.agent.collect.JsonValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's local configuration file: one JSON object of the same flat keys as the twin's
 * desired properties, plus the local-only {@code ConnectionString} and {@code CaFile}. Unlike a
 * twin update, a bad file stops the agent at start, with every problem listed.
 */
public final class LocalConfigFile {
  /** The largest file read: a configuration is a few kilobytes. */
  private static final long MAX_BYTES = 256 * 1024;

  private LocalConfigFile() {}

  /**
   * Reads and validates {@code file}.
   *
   * @throws IllegalArgumentException naming the file and each problem: unreadable, not JSON (with
   *     line and column), not an object, unknown keys, bad values
   */
  public static AgentConfig read(Path file, ConfigKeys keys) {
    Map<String, Object> json = parse(file);
    Map<String, AgentConfig.Setting> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    json.forEach((name, given) -> {
      ConfigKey key = keys.get(name);
      if (key == null) {
        problems.add(name + ": unknown key");
      } else if (given != null) {
        try {
          values.put(name, new AgentConfig.Setting(given, key.parse().apply(given)));
        } catch (IllegalArgumentException e) {
          problems.add(name + ": " + e.getMessage());
        }
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("config file " + file + ": " + String.join("; ", problems));
    }
    return new AgentConfig(values);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException("config file " + file + " is larger than " + MAX_BYTES + " bytes");
      }
      try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("config file " + file + " is not a JSON object"
              + (first == null ? " (it is empty)" : " (it starts with " + first.asString() + ")"));
        }
        Map<String, Object> out = (Map<String, Object>) JsonValues.read(p);
        if (p.nextToken() != null) {
          throw new IllegalArgumentException("config file " + file + " has more after its JSON object, at line "
              + p.currentLocation().getLineNr() + " column " + p.currentLocation().getColumnNr());
        }
        return out;
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config file " + file + " does not exist", e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("config file " + file + " is not valid JSON at line "
          + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
