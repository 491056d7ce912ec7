package io.vigil.hub.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One token bucket per device, shared by every protocol a device sends on (MQTT and HTTPS), so a
 * device cannot escape its limit by switching protocols.
 *
 * <p>Thread-safe: each device's bucket is locked on its own. Time comes from the clock given; a
 * clock that goes back refills nothing. Holds one small bucket per device that has sent telemetry.
 */
public final class DeviceRateLimiter {
  private final RateLimit limit;
  private final Clock clock;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public DeviceRateLimiter(RateLimit limit, Clock clock) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public RateLimit limit() {
    return limit;
  }

  /**
   * The outcome of asking for one message.
   *
   * @param granted true if the message may go, now or after {@code wait}
   * @param delay when granted, how long the message must wait (zero: at once); when refused, how
   *     long until a message would be granted without waiting
   */
  public record Reservation(boolean granted, Duration delay) {}

  /**
   * Takes one message from device {@code deviceId}'s bucket if it has one now, or will have one
   * within {@code maxWait} (then the message is counted at once and must wait {@link
   * Reservation#delay()}: later messages queue behind it). Takes nothing when refused.
   */
  public Reservation reserve(String deviceId, Duration maxWait) {
    if (!limit.isLimited()) {
      return new Reservation(true, Duration.ZERO);
    }
    Bucket bucket = buckets.computeIfAbsent(deviceId, id -> new Bucket(limit.burst(), clock.instant()));
    synchronized (bucket) {
      bucket.refill(clock.instant(), limit);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return new Reservation(true, Duration.ZERO);
      }
      Duration wait = Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / limit.messagesPerSecond() * 1e9));
      if (wait.compareTo(maxWait) <= 0) {
        bucket.tokens -= 1;
        return new Reservation(true, wait);
      }
      return new Reservation(false, wait);
    }
  }

  private static final class Bucket {
    double tokens;
    Instant last;

    Bucket(double tokens, Instant last) {
      this.tokens = tokens;
      this.last = last;
    }

    void refill(Instant now, RateLimit limit) {
      if (now.isAfter(last)) {
        double seconds = Duration.between(last, now).toNanos() / 1e9;
        tokens = Math.min(limit.burst(), tokens + seconds * limit.messagesPerSecond());
        last = now;
      }
    }
  }
}
