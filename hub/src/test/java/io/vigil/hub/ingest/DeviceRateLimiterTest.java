package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceRateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final DeviceRateLimiter limiter = new DeviceRateLimiter(new RateLimit(2, 3), clock);

  @Test
  void aBurstGoesThenTheDeviceWaitsForTheRate() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.reserve("gw-1", Duration.ZERO)).isEqualTo(new DeviceRateLimiter.Reservation(true, Duration.ZERO));
    }
    assertThat(limiter.reserve("gw-1", Duration.ZERO)).isEqualTo(new DeviceRateLimiter.Reservation(false, Duration.ofMillis(500)));
    clock.advance(Duration.ofMillis(250));
    assertThat(limiter.reserve("gw-1", Duration.ZERO)).isEqualTo(new DeviceRateLimiter.Reservation(false, Duration.ofMillis(250)));
    clock.advance(Duration.ofMillis(250));
    assertThat(limiter.reserve("gw-1", Duration.ZERO).granted()).isTrue();
    assertThat(limiter.reserve("gw-1", Duration.ZERO).granted()).isFalse();
  }

  @Test
  void eachDeviceHasItsOwnBucket() {
    for (int i = 0; i < 3; i++) {
      limiter.reserve("gw-1", Duration.ZERO);
    }
    assertThat(limiter.reserve("gw-1", Duration.ZERO).granted()).isFalse();
    assertThat(limiter.reserve("gw-2", Duration.ZERO).granted()).isTrue();
  }

  @Test
  void aQuietDeviceRefillsOnlyUpToTheBurst() {
    for (int i = 0; i < 3; i++) {
      limiter.reserve("gw-1", Duration.ZERO);
    }
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.reserve("gw-1", Duration.ZERO).granted()).isTrue();
    }
    assertThat(limiter.reserve("gw-1", Duration.ZERO).granted()).isFalse();
  }

  @Test
  void aMessageMayBeHeldWithinTheWaitItIsAllowedAndLaterOnesQueueBehindIt() {
    for (int i = 0; i < 3; i++) {
      limiter.reserve("gw-1", Duration.ZERO);
    }
    assertThat(limiter.reserve("gw-1", Duration.ofSeconds(1))).isEqualTo(new DeviceRateLimiter.Reservation(true, Duration.ofMillis(500)));
    assertThat(limiter.reserve("gw-1", Duration.ofSeconds(1))).isEqualTo(new DeviceRateLimiter.Reservation(true, Duration.ofSeconds(1)));
    // Refused: nothing is taken, so the next wait is the same.
    assertThat(limiter.reserve("gw-1", Duration.ofSeconds(1))).isEqualTo(new DeviceRateLimiter.Reservation(false, Duration.ofMillis(1500)));
    assertThat(limiter.reserve("gw-1", Duration.ofSeconds(1))).isEqualTo(new DeviceRateLimiter.Reservation(false, Duration.ofMillis(1500)));
  }

  @Test
  void aClockThatGoesBackRefillsNothing() {
    for (int i = 0; i < 3; i++) {
      limiter.reserve("gw-1", Duration.ZERO);
    }
    clock.advance(Duration.ofSeconds(-30));
    assertThat(limiter.reserve("gw-1", Duration.ZERO).granted()).isFalse();
  }

  @Test
  void withoutALimitEverythingGoes() {
    DeviceRateLimiter none = new DeviceRateLimiter(RateLimit.unlimited(), clock);
    for (int i = 0; i < 10_000; i++) {
      assertThat(none.reserve("gw-1", Duration.ZERO).granted()).isTrue();
    }
  }

  @Test
  void badLimitsAreRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> new RateLimit(-1, 10)).hasMessage("rate limit -1.0 messages/s is not a finite number >= 0 (0 = no limit)");
    assertThatThrownBy(() -> new RateLimit(Double.NaN, 10)).hasMessage("rate limit NaN messages/s is not a finite number >= 0 (0 = no limit)");
    assertThatThrownBy(() -> new RateLimit(5, 0)).hasMessage("rate limit burst 0 is below 1");
    assertThat(new RateLimit(50, 500)).hasToString("50 messages/s (burst 500)");
    assertThat(new RateLimit(0.5, 1)).hasToString("0.5 messages/s (burst 1)");
    assertThat(RateLimit.unlimited()).hasToString("no limit");
  }
}
