package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void knowsWhatWasAddedByDeviceAndEvent() {
    RecentEvents recent = new RecentEvents();
    recent.add(recent.fingerprint("gw-1", "e-1"), T);
    assertThat(recent.contains(recent.fingerprint("gw-1", "e-1"))).isTrue();
    assertThat(recent.contains(recent.fingerprint("gw-2", "e-1"))).isFalse();
    assertThat(recent.contains(recent.fingerprint("gw-1", "e-2"))).isFalse();
    // The separator keeps the split between device and event id apart.
    recent.add(recent.fingerprint("ab", "c"), T);
    assertThat(recent.contains(recent.fingerprint("a", "bc"))).isFalse();
  }

  @Test
  void holdsAtLeastOneGenerationOfIdsThenForgetsTheOldest() {
    RecentEvents recent = new RecentEvents(1000, Duration.ofMinutes(10));
    for (int i = 0; i < 2500; i++) {
      recent.add(recent.fingerprint("gw-1", "e-" + i), T);
      // At every point, the last 1000 are known.
      if (i % 97 == 0) {
        for (int back = 0; back < Math.min(i + 1, 1000); back += 37) {
          assertThat(recent.contains(recent.fingerprint("gw-1", "e-" + (i - back)))).as("event %d after %d", i - back, i).isTrue();
        }
      }
    }
    // Generations of 1000: [0, 1000) was forgotten when [2000, 2500) began.
    assertThat(recent.contains(recent.fingerprint("gw-1", "e-999"))).isFalse();
    assertThat(recent.contains(recent.fingerprint("gw-1", "e-1000"))).isTrue();
    assertThat(recent.size()).isEqualTo(1500);
  }

  @Test
  void holdsAtLeastOneSpanOfReceiptTimeThenForgetsTheOldest() {
    RecentEvents recent = new RecentEvents(1_000_000, Duration.ofMinutes(10));
    for (int minute = 0; minute <= 30; minute++) {
      recent.add(recent.fingerprint("gw-1", "m-" + minute), T.plus(Duration.ofMinutes(minute)));
      for (int back = 0; back <= Math.min(minute, 10); back++) {
        assertThat(recent.contains(recent.fingerprint("gw-1", "m-" + (minute - back)))).as("minute %d at %d", minute - back, minute).isTrue();
      }
    }
    // Generations [0, 10), [10, 20), [20, 30), [30, ...): at minute 30, minutes 20 on are known.
    assertThat(recent.contains(recent.fingerprint("gw-1", "m-19"))).isFalse();
    assertThat(recent.contains(recent.fingerprint("gw-1", "m-20"))).isTrue();
  }

  @Test
  void aLongPauseDoesNotAgeTheWindowUntilTheNextEvent() {
    RecentEvents recent = new RecentEvents(1_000_000, Duration.ofMinutes(10));
    recent.add(recent.fingerprint("gw-1", "before"), T);
    // Receipt time is the hub's: a day later, the first event retires the generation, the one before stays known.
    recent.add(recent.fingerprint("gw-1", "after"), T.plus(Duration.ofDays(1)));
    assertThat(recent.contains(recent.fingerprint("gw-1", "before"))).isTrue();
  }

  @Test
  void refusesAnEmptyGeneration() {
    assertThatThrownBy(() -> new RecentEvents(0, Duration.ofMinutes(10)))
        .hasMessage("a generation of recent events must hold at least 1 id, was 0");
  }
}
