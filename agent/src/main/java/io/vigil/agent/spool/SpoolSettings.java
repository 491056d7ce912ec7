package io.vigil.agent.spool;

import java.util.Map;

/**
 * The size limits of a {@link DiskSpool}.
 *
 * @param maxBytes the cap on the framed bytes of all pending records (remote-config key
 *     {@value #MAX_BYTES_KEY}); the files may exceed it by the acknowledged head of at most one
 *     segment per priority
 * @param segmentBytes the size at which a segment file is closed and a new one started
 */
public record SpoolSettings(long maxBytes, int segmentBytes) {
  /** The remote-config key of {@link #maxBytes()}. */
  public static final String MAX_BYTES_KEY = "Spool_MaxBytes";

  public SpoolSettings {
    if (maxBytes < RecordFormat.OVERHEAD + 1) {
      throw new IllegalArgumentException("maxBytes must be at least " + (RecordFormat.OVERHEAD + 1)
          + ", was " + maxBytes);
    }
    if (segmentBytes < RecordFormat.OVERHEAD + 1) {
      throw new IllegalArgumentException("segmentBytes must be at least "
          + (RecordFormat.OVERHEAD + 1) + ", was " + segmentBytes);
    }
  }

  /** A 10 MB cap in 1 MB segments. */
  public static SpoolSettings defaults() {
    return new SpoolSettings(10L * 1024 * 1024, 1024 * 1024);
  }

  /**
   * These settings with {@value #MAX_BYTES_KEY} from {@code desired} applied; other keys are ignored.
   *
   * @throws IllegalArgumentException naming the key and the value that is not valid
   */
  public SpoolSettings withConfig(Map<String, String> desired) {
    String value = desired.get(MAX_BYTES_KEY);
    if (value == null) {
      return this;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_BYTES_KEY + " '" + value + "' is not a whole number", e);
    }
    try {
      return new SpoolSettings(parsed, segmentBytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MAX_BYTES_KEY + " '" + value + "': " + e.getMessage(), e);
    }
  }
}
