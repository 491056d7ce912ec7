package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSettingsTest {
  @Test
  void defaults() {
    assertThat(ProcessSettings.defaults())
        .isEqualTo(new ProcessSettings(ProcessSettings.Mode.AUTO, Duration.ofMillis(100), 50_000));
  }

  @Test
  void remoteConfigKeys() {
    ProcessSettings s = ProcessSettings.defaults()
        .withConfig(Map.of("Process_Mode", "polling", "Process_PollingInterval", "PT0.25S", "Other_Key", "x"));
    assertThat(s).isEqualTo(new ProcessSettings(ProcessSettings.Mode.POLLING, Duration.ofMillis(250), 50_000));
    assertThat(ProcessSettings.defaults().withConfig(Map.of())).isEqualTo(ProcessSettings.defaults());
    assertThat(ProcessSettings.Mode.fromConfig("Netlink")).isEqualTo(ProcessSettings.Mode.NETLINK);
    assertThat(ProcessSettings.Mode.AUTO.configValue()).isEqualTo("Auto");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> ProcessSettings.defaults().withConfig(Map.of("Process_Mode", "ebpf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Process_Mode 'ebpf' is not one of [Auto, Netlink, Polling]");
    assertThatThrownBy(() -> ProcessSettings.defaults().withConfig(Map.of("Process_PollingInterval", "100ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Process_PollingInterval '100ms' is not an ISO 8601 duration such as PT0.1S");
    assertThatThrownBy(() -> ProcessSettings.defaults().withConfig(Map.of("Process_PollingInterval", "PT0S")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Process_PollingInterval 'PT0S' must be at least 1 ms");
    assertThatThrownBy(() -> new ProcessSettings(ProcessSettings.Mode.AUTO, Duration.ofMillis(100), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBuffered must be positive, was 0");
    assertThatThrownBy(() -> new ProcessSettings(ProcessSettings.Mode.AUTO, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pollingInterval must be at least 1 ms, was PT0S");
    assertThatThrownBy(() -> new ProcessSettings(null, Duration.ofMillis(100), 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode is required");
  }
}
