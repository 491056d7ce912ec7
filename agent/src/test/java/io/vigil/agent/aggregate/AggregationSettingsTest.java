package io.vigil.agent.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AggregationSettingsTest {
  @Test
  void defaultsAggregateProcessAndNetworkOverOneMinuteWithAtMost10000Open() {
    AggregationSettings s = AggregationSettings.defaults();
    assertThat(s.enabledCollectors()).containsExactlyInAnyOrder("process", "network");
    assertThat(s.interval("process")).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.interval("network")).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.interval("login")).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.maxOpenAggregates()).isEqualTo(1_000);
    assertThat(s.enabled("login")).isFalse();
  }

  @Test
  void aNonPositiveIntervalIsRefusedNamingTheCollector() {
    assertThatThrownBy(() -> new AggregationSettings(Map.of("network", Duration.ZERO), Set.of("network")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the aggregation interval of collector 'network' must be positive, was PT0S");
  }

  @Test
  void aNonPositiveBoundIsRefused() {
    assertThatThrownBy(() -> new AggregationSettings(Map.of(), Set.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOpenAggregates must be positive, was 0");
  }
}
