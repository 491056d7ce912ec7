package io.vigil.hub.ingest;

/**
 * How many telemetry messages one device may send: a token bucket that holds {@code burst}
 * messages and refills at {@code messagesPerSecond}.
 *
 * @param messagesPerSecond the sustained rate; 0 for no limit
 * @param burst how many messages a device may send at once after a quiet spell; at least 1 when
 *     there is a limit
 */
public record RateLimit(double messagesPerSecond, int burst) {
  /** The default sustained rate: far above what an agent sends (a message every few seconds). */
  public static final double DEFAULT_MESSAGES_PER_SECOND = 50;

  /** The default burst: room for an agent's spool to drain after it was offline. */
  public static final int DEFAULT_BURST = 500;

  public RateLimit {
    if (!(messagesPerSecond >= 0) || Double.isInfinite(messagesPerSecond)) {
      throw new IllegalArgumentException("rate limit " + messagesPerSecond + " messages/s is not a finite number >= 0 (0 = no limit)");
    }
    if (messagesPerSecond > 0 && burst < 1) {
      throw new IllegalArgumentException("rate limit burst " + burst + " is below 1");
    }
  }

  /** {@value #DEFAULT_MESSAGES_PER_SECOND} messages/s, bursts of {@value #DEFAULT_BURST}. */
  public static RateLimit defaults() {
    return new RateLimit(DEFAULT_MESSAGES_PER_SECOND, DEFAULT_BURST);
  }

  /** No limit. */
  public static RateLimit unlimited() {
    return new RateLimit(0, 0);
  }

  public boolean isLimited() {
    return messagesPerSecond > 0;
  }

  @Override
  public String toString() {
    return isLimited() ? format(messagesPerSecond) + " messages/s (burst " + burst + ")" : "no limit";
  }

  private static String format(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
