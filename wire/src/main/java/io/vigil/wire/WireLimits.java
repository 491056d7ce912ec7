package io.vigil.wire;

/**
 * The bounds {@link SecurityMessageCodec#decode} enforces before and while it reads a message, so
 * that a broken or hostile sender cannot make the hub spend unbounded memory or time on it.
 *
 * <p>A message that breaks a limit is refused whole, with one violation naming the limit.
 *
 * @param maxMessageBytes the largest body accepted, and also the largest a gzip body may inflate
 *     to; the default is IoT Hub's device-to-cloud message limit, 256 KiB
 * @param maxDepth the deepest nesting of objects and arrays; a valid message nests 6 deep
 *     (message, Events, event, Payload, item, ExtraDetails), the default allows 16
 * @param maxStringLength the longest string value or property name, in UTF-16 chars; the default,
 *     32768, holds any Linux command line an agent would reasonably report
 * @param maxPayloadItems the most elements one array may hold: an event's Payload, and Events
 *     itself; the default is 10000
 */
public record WireLimits(int maxMessageBytes, int maxDepth, int maxStringLength, int maxPayloadItems) {
  /** The largest {@code maxDepth} allowed. */
  public static final int MAX_DEPTH = 1000;

  public WireLimits {
    positive(maxMessageBytes, "maxMessageBytes");
    positive(maxDepth, "maxDepth");
    if (maxDepth > MAX_DEPTH) {
      // The reader recurses once per level; this keeps it far from the thread's stack limit.
      throw new IllegalArgumentException("maxDepth must be at most " + MAX_DEPTH + ", was " + maxDepth);
    }
    positive(maxStringLength, "maxStringLength");
    positive(maxPayloadItems, "maxPayloadItems");
  }

  /** 256 KiB (262144 bytes), depth 16, strings of 32768 chars, 10000 items per array. */
  public static WireLimits defaults() {
    return new WireLimits(262_144, 16, 32_768, 10_000);
  }

  private static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
