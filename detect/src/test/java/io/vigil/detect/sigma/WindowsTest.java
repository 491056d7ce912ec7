package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Windows#firstSatisfied} decides a newest match with one measure of the widest window (and a
 * running count of distinct values) instead of sliding over every anchor; it must give exactly
 * the window the slide gives, for every correlation type, on streams in time order, with late
 * matches, and with old matches dropped as the engine drops them.
 */
class WindowsTest {
  private static final long SPAN = 60_000;

  @Test
  void oneMeasureFindsTheWindowTheSlideFinds() {
    Random random = new Random(7);
    int decided = 0;
    int fired = 0;
    for (String type : List.of("event_count", "value_count", "temporal", "temporal_ordered")) {
      for (int threshold : new int[] {2, 3, 5, 8}) {
        CorrelationRule rule = rule(type, threshold);
        for (int run = 0; run < 30; run++) {
          GroupWindow w = new GroupWindow();
          long clock = 0;
          for (int k = 0; k < 300; k++) {
            clock += random.nextInt(4_000);
            // Now and then a late match, up to a minute old, inserted before newer ones.
            long t = random.nextInt(10) == 0 ? Math.max(0, clock - random.nextInt(60_000)) : clock;
            String value = type.startsWith("temporal") ? Windows.position(random.nextInt(3)) : "v" + random.nextInt(threshold + 2);
            w.insert(t, value, "e" + k);
            if (random.nextInt(20) == 0) {
              w.removeBefore(clock - 2 * SPAN);
            }
            if (w.size > 200) {
              w.removeFirst(w.size - 200);
            }
            int[] expected = Windows.slide(rule, w, t, lowerIndex(w, t - SPAN));
            int[] actual = Windows.firstSatisfied(rule, w, t);
            assertThat(actual).as("%s >= %d, match %d at %d", type, threshold, k, t).isEqualTo(expected);
            decided++;
            fired += actual == null ? 0 : 1;
          }
        }
      }
    }
    assertThat(decided).isEqualTo(4 * 4 * 30 * 300);
    assertThat(fired).as("the runs exercise both outcomes").isBetween(decided / 10, decided - decided / 10);
  }

  /**
   * Matches in time order, with the old ones dropped as they expire or exceed the engine's bound,
   * are counted once each: the distinct counts are kept up, not started over for every match.
   */
  @Test
  void matchesInTimeOrderAreCountedOnceThoughOldOnesAreDropped() {
    CorrelationRule rule = rule("value_count", 50);
    GroupWindow w = new GroupWindow();
    for (int k = 0; k < 5_000; k++) {
      long t = k * 1_000L;
      w.insert(t, "v" + (k % 40), "e" + k);
      if (w.size > 100) {
        w.removeFirst(w.size - 100); // the engine's bound on a group's matches
      }
      w.removeBefore(t - SPAN);
      assertThat(Windows.firstSatisfied(rule, w, t)).isNull();
    }
    assertThat(w.recounts).isEqualTo(1);
  }

  private static CorrelationRule rule(String type, int threshold) {
    return new CorrelationRule(null, type, new CorrelationRule.Input[0], new String[0], new String[0][], null, SPAN,
        List.of(new CorrelationDef.Bound("gte", threshold)), true, false);
  }

  private static int lowerIndex(GroupWindow w, long time) {
    int i = 0;
    while (i < w.size && w.times[i] < time) {
      i++;
    }
    return i;
  }
}
