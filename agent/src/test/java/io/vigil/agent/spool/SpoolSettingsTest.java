package io.vigil.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpoolSettingsTest {
  @Test
  void defaultsAreTenMegabytesInOneMegabyteSegments() {
    assertThat(SpoolSettings.defaults()).isEqualTo(new SpoolSettings(10_485_760, 1_048_576));
  }

  @Test
  void remoteConfigSetsTheCap() {
    assertThat(SpoolSettings.defaults().withConfig(Map.of("Spool_MaxBytes", " 2000000 ", "Other", "x")))
        .isEqualTo(new SpoolSettings(2_000_000, 1_048_576));
    assertThat(SpoolSettings.defaults().withConfig(Map.of())).isEqualTo(SpoolSettings.defaults());
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> SpoolSettings.defaults().withConfig(Map.of("Spool_MaxBytes", "10MB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Spool_MaxBytes '10MB' is not a whole number");
    assertThatThrownBy(() -> SpoolSettings.defaults().withConfig(Map.of("Spool_MaxBytes", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Spool_MaxBytes '5': maxBytes must be at least 22, was 5");
    assertThatThrownBy(() -> new SpoolSettings(1000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segmentBytes must be at least 22, was 0");
  }
}
