package io.vigil.detect.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed entity keys every alert builder uses, so that alerts of different detections name the
 * same thing the same way, and the lifecycle can group occurrences by them.
 *
 * <p>{@link #DEVICE} is always present. The others are present when the detection saw them; raw
 * fields (a Sigma event's {@code Image}, {@code DestinationIp} ...) may sit beside them.
 */
public final class AlertEntities {
  /** The device id. */
  public static final String DEVICE = "Device";
  /** The executable of the process involved (its image path). */
  public static final String PROCESS = "Process";
  public static final String COMMAND_LINE = "CommandLine";
  public static final String PROCESS_ID = "ProcessId";
  /** The user account: its name when known, else its numeric id. */
  public static final String USER = "User";
  /** The address on the other side of a connection or login (not the device's own). */
  public static final String REMOTE_IP = "RemoteIp";
  public static final String REMOTE_PORT = "RemotePort";
  /** A file path. */
  public static final String FILE = "File";
  public static final String FILE_HASH = "FileHash";
  public static final String DOMAIN_NAME = "DomainName";
  public static final String URL = "Url";

  private AlertEntities() {}

  /** Starts the entities of an alert on {@code deviceId}. */
  public static Builder of(String deviceId) {
    return new Builder().put(DEVICE, deviceId);
  }

  /** Collects entities in insertion order, leaving out absent and blank values. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> entities = new LinkedHashMap<>();

    private Builder() {}

    /** Sets {@code key} unless {@code value} is null or blank. */
    public Builder put(String key, String value) {
      if (value != null && !value.isBlank()) {
        entities.put(key, value);
      }
      return this;
    }

    /** Sets {@code key} unless it is set already or {@code value} is null or blank. */
    public Builder putIfAbsent(String key, String value) {
      return entities.containsKey(key) ? this : put(key, value);
    }

    /** The first of {@code values} that is neither null nor blank, under {@code key}. */
    public Builder putFirst(String key, String... values) {
      for (String v : values) {
        if (v != null && !v.isBlank()) {
          return put(key, v);
        }
      }
      return this;
    }

    public boolean has(String key) {
      return entities.containsKey(key);
    }

    /** A modifiable copy of the entities so far. */
    public Map<String, String> build() {
      return new LinkedHashMap<>(entities);
    }
  }
}
