package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.CollectorRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteConfigTest {
  private final ConfigKeys keys = ConfigKeys.forCollectors(CollectorRegistry.NAMES);
  private final RemoteConfig remote = new RemoteConfig(keys, new ConfigResolver(keys, AgentConfig.empty()));

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void patchesMergeInVersionOrderAndNullRemovesAKey() {
    RemoteConfig.Update full = remote.onDesired(Map.of("Process_Mode", "Polling", "Sbom_Disabled", true), 3, true);
    assertThat(full.resolution().accepted()).isTrue();
    assertThat(text(remote.reported(full.resolution()))).isEqualTo(
        "{\"latest_state\":\"success\",\"latest_invalid_fields\":[],\"latest_errors\":[],\"latest_desired_version\":3,"
            + "\"configuration\":{\"Process_Mode\":\"Polling\",\"Sbom_Disabled\":true}}");
    Map<String, Object> patch = new HashMap<>();
    patch.put("Sbom_Disabled", null);
    patch.put("Process_Mode", "Warp");
    RemoteConfig.Update u = remote.onDesired(patch, 4, false);
    assertThat(remote.version()).isEqualTo(4);
    assertThat(u.resolution().invalid()).containsOnlyKeys("Process_Mode");
    assertThat(text(remote.reported(u.resolution()))).isEqualTo(
        "{\"latest_state\":\"failed\",\"latest_invalid_fields\":[\"Process_Mode\"],"
            + "\"latest_errors\":[\"Process_Mode: Process_Mode 'Warp' is not one of [Auto, Netlink, Polling]\"],"
            + "\"latest_desired_version\":4,\"configuration\":{\"Sbom_Disabled\":null,\"Process_Mode\":\"Polling\"}}");
  }

  @Test
  void oldVersionsAreIgnoredAndAGapAsksForTheWholeTwin() {
    remote.onDesired(Map.of("Process_Mode", "Polling"), 5, true);
    assertThat(remote.onDesired(Map.of("Process_Mode", "Netlink"), 5, false).resolution()).isNull();
    assertThat(remote.onDesired(Map.of("Process_Mode", "Netlink"), 4, true).resolution()).isNull();
    RemoteConfig.Update gap = remote.onDesired(Map.of("Process_Mode", "Netlink"), 7, false);
    assertThat(gap.refetch()).isTrue();
    assertThat(gap.resolution()).isNull();
    assertThat(remote.version()).isEqualTo(5);
    assertThat(remote.onDesired(Map.of("Process_Mode", "Netlink"), 7, true).resolution().config().process().mode().configValue())
        .isEqualTo("Netlink");
  }
}
