package io.vigil.agent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's side of its twin: the desired properties as last received (whole documents and
 * patches, in version order), the configuration they resolve to, and the reported properties that
 * tell the hub what was applied. Pure logic; the agent thread drives it.
 */
public final class RemoteConfig {
  private final ConfigKeys keys;
  private final ConfigResolver resolver;
  private Map<String, Object> desired = Map.of();
  private long version;
  private AgentConfig current;
  private final Set<String> reportedKeys = new HashSet<>();

  public RemoteConfig(ConfigKeys keys, ConfigResolver resolver) {
    this.keys = keys;
    this.resolver = resolver;
    this.current = resolver.local();
  }

  /**
   * What a desired-properties message changes.
   *
   * @param resolution the new configuration and its refusals; null when the message changes nothing
   *     (an old version)
   * @param refetch true when a patch shows that an earlier one was missed: ask for the whole twin
   */
  public record Update(ConfigResolver.Resolution resolution, boolean refetch) {}

  public ConfigKeys keys() {
    return keys;
  }

  /** The configuration in force. */
  public AgentConfig current() {
    return current;
  }

  /** The desired version last applied; 0 before any. */
  public long version() {
    return version;
  }

  /**
   * Takes a whole desired document ({@code full}) or a patch at {@code newVersion}. Older versions
   * are ignored; a patch that skips a version is not applied but asks for the whole twin.
   *
   * @param properties without {@code $} keys; in a patch, null removes a key
   */
  public Update onDesired(Map<String, Object> properties, long newVersion, boolean full) {
    if (full) {
      if (newVersion < version) {
        return new Update(null, false);
      }
      desired = Map.copyOf(withoutNulls(properties));
    } else {
      if (newVersion <= version) {
        return new Update(null, false);
      }
      if (version > 0 && newVersion > version + 1) {
        return new Update(null, true);
      }
      Map<String, Object> merged = new LinkedHashMap<>(desired);
      properties.forEach((k, v) -> {
        if (v == null) {
          merged.remove(k);
        } else {
          merged.put(k, v);
        }
      });
      desired = Map.copyOf(merged);
    }
    version = newVersion;
    ConfigResolver.Resolution r = resolver.resolve(desired, current);
    current = r.config();
    return new Update(r, false);
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * The reported-properties patch for {@code r}: {@code latest_state} ({@code success} or
   * {@code failed}), {@code latest_invalid_fields} (the refused keys), {@code latest_errors}
   * ("key: why"), {@code latest_desired_version}, and {@code configuration}, the values in force
   * for the keys that are set (keys no longer set are removed with null).
   */
  public byte[] reported(ConfigResolver.Resolution r) {
    Map<String, Object> configuration = r.config().remoteValues(keys);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("latest_state", r.accepted() ? "success" : "failed");
      writeStrings(g, "latest_invalid_fields", List.copyOf(r.invalid().keySet()));
      writeStrings(g, "latest_errors", r.errors());
      g.writeNumberField("latest_desired_version", version);
      g.writeObjectFieldStart("configuration");
      for (String gone : reportedKeys) {
        if (!configuration.containsKey(gone)) {
          g.writeNullField(gone);
        }
      }
      for (Map.Entry<String, Object> e : configuration.entrySet()) {
        g.writeFieldName(e.getKey());
        JsonValueWriter.write(g, e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reportedKeys.clear();
    reportedKeys.addAll(configuration.keySet());
    return out.toByteArray();
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
