package io.vigil.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Anomaly settings from a properties file: defaults, overrides, and exact errors for bad values. */
class AnomalySettingsTest {
  private static Properties props(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }

  @Test
  void keysOverrideTheDefaults() throws IOException {
    AnomalySettings s = AnomalySettings.parse(props("learningPeriod=PT2H\npeerPercent=30\nhysteresis=5\nsigmas=4.5\n"), "anomaly.properties");
    assertThat(s.learningPeriod()).isEqualTo(Duration.ofHours(2));
    assertThat(s.peerPercent()).isEqualTo(30);
    assertThat(s.hysteresis()).isEqualTo(5);
    assertThat(s.sigmas()).isEqualTo(4.5);
    assertThat(s.maxExecutables()).isEqualTo(256);
    assertThat(s.minExcessKiB()).as("bytes out's default").isEqualTo(256);
    assertThat(AnomalySettings.parse(props("minExcessKiB=4096"), "x").minExcessKiB()).isEqualTo(4096);
    assertThat(AnomalySettings.parse(new Properties(), "x")).isEqualTo(AnomalySettings.defaults());
  }

  @Test
  void badValuesAreRefusedWithTheSourceKeyAndValue() {
    assertThatThrownBy(() -> AnomalySettings.parse(props("learningPeriod=24h"), "anomaly.properties"))
        .hasMessage("anomaly.properties: learningPeriod '24h' is not an ISO-8601 duration such as PT24H");
    assertThatThrownBy(() -> AnomalySettings.parse(props("learningPeriod=-PT1H"), "anomaly.properties"))
        .hasMessage("anomaly.properties: learningPeriod must be a positive duration, was PT-1H");
    assertThatThrownBy(() -> AnomalySettings.parse(props("peerPercent=150"), "anomaly.properties"))
        .hasMessage("anomaly.properties: peerPercent must be between 1 and 100, was 150");
    assertThatThrownBy(() -> AnomalySettings.parse(props("hysteresis=three"), "anomaly.properties"))
        .hasMessage("anomaly.properties: hysteresis 'three' is not a whole number");
    assertThatThrownBy(() -> AnomalySettings.parse(props("minHistory=100"), "anomaly.properties"))
        .hasMessage("anomaly.properties: minHistory must be between 1 and 60, was 100");
    assertThatThrownBy(() -> AnomalySettings.parse(props("minExcessKiB=0"), "anomaly.properties"))
        .hasMessage("anomaly.properties: minExcessKiB must be between 1 and 1073741824, was 0");
    assertThatThrownBy(() -> AnomalySettings.parse(props("learningperiod=PT1H"), "anomaly.properties"))
        .hasMessageStartingWith("anomaly.properties: unknown key 'learningperiod' (known: historyWindows, hysteresis, learningPeriod,");
  }
}
