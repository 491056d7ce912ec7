package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.AgentSettings;
import io.vigil.agent.CollectorRegistry;
import io.vigil.agent.collect.process.ProcessSettings;
import io.vigil.agent.spool.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigResolverTest {
  private final ConfigKeys keys = ConfigKeys.forCollectors(CollectorRegistry.NAMES);

  private AgentConfig local(Map<String, Object> values) {
    Map<String, AgentConfig.Setting> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, new AgentConfig.Setting(v, keys.get(k).parse().apply(v))));
    return new AgentConfig(out);
  }

  @Test
  void theTwinWinsKeyByKey() {
    ConfigResolver r = new ConfigResolver(keys, local(Map.of("Process_Mode", "Netlink", "Network_Interval", "PT7S")));
    ConfigResolver.Resolution res = r.resolve(Map.of("Process_Mode", "Polling", "$version", 4L), r.local());
    assertThat(res.accepted()).isTrue();
    assertThat(res.config().process().mode()).isEqualTo(ProcessSettings.Mode.POLLING);
    AgentSettings s = res.config().apply(AgentSettings.defaults(Path.of("/")), CollectorRegistry.NAMES);
    assertThat(s.interval("network")).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void anInvalidValueKeepsThePreviousSettingAndIsReported() {
    ConfigResolver r = new ConfigResolver(keys, AgentConfig.empty());
    AgentConfig previous = r.resolve(Map.of("Process_Mode", "Polling", "Login_MessageFrequency", "Low"), r.local()).config();
    ConfigResolver.Resolution res = r.resolve(
        Map.of("Process_Mode", "Fast", "Login_MessageFrequency", "Medium", "Colour", "blue", "ConnectionString", "HostName=evil"),
        previous);
    assertThat(res.accepted()).isFalse();
    assertThat(res.invalid()).containsOnlyKeys("Process_Mode", "Colour", "ConnectionString");
    assertThat(res.errors()).containsExactly(
        "Colour: unknown key (the keys are listed in the README, under 'Agent configuration')",
        "ConnectionString: can be set only in the local configuration file, not remotely",
        "Process_Mode: Process_Mode 'Fast' is not one of [Auto, Netlink, Polling]");
    assertThat(res.config().process().mode()).isEqualTo(ProcessSettings.Mode.POLLING); // kept
    AgentSettings s = res.config().apply(AgentSettings.defaults(Path.of("/")), CollectorRegistry.NAMES);
    assertThat(s.priority("login")).isEqualTo(Priority.MEDIUM); // the valid key still applies
  }

  @Test
  void aRemovedKeyFallsBackToTheLocalFileThenTheDefault() {
    ConfigResolver r = new ConfigResolver(keys, local(Map.of("Network_Interval", "PT7S")));
    AgentConfig twin = r.resolve(Map.of("Network_Interval", "PT3S", "Sbom_Disabled", true), r.local()).config();
    ConfigResolver.Resolution res = r.resolve(Map.of(), twin);
    AgentSettings s = res.config().apply(AgentSettings.defaults(Path.of("/")), CollectorRegistry.NAMES);
    assertThat(s.interval("network")).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.disabled()).doesNotContain("sbom");
  }

  @Test
  void settingsFollowEveryKindOfKey() {
    ConfigResolver r = new ConfigResolver(keys, AgentConfig.empty());
    Map<String, Object> desired = new LinkedHashMap<>();
    desired.put("Sbom_Disabled", "True");
    desired.put("Firewall_MessageFrequency", "High");
    desired.put("CollectorsCore_PriorityIntervals", "1,10,60");
    desired.put("Process_Aggregation_Enabled", false);
    desired.put("Network_Aggregation_Interval", "PT5M");
    desired.put("Spool_MaxBytes", 1_000_000L);
    desired.put("Baseline_GroupsDisabled", "services,cron");
    desired.put("FileSystem_Paths", java.util.List.of("/etc/hosts"));
    desired.put("Process_PollingInterval", "PT0.5S");
    AgentConfig c = r.resolve(desired, r.local()).config();
    AgentSettings s = c.apply(AgentSettings.defaults(Path.of("/")), CollectorRegistry.NAMES);
    assertThat(s.disabled()).containsExactly("sbom");
    assertThat(s.priority("firewall")).isEqualTo(Priority.HIGH);
    assertThat(s.priorityIntervals()).containsEntry(Priority.HIGH, Duration.ofMinutes(1))
        .containsEntry(Priority.MEDIUM, Duration.ofMinutes(10)).containsEntry(Priority.LOW, Duration.ofHours(1));
    assertThat(s.aggregation().enabled("process")).isFalse();
    assertThat(s.aggregation().enabled("network")).isTrue();
    assertThat(s.aggregation().interval("network")).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.spool().maxBytes()).isEqualTo(1_000_000L);
    assertThat(c.baseline().groupsDisabled()).containsExactlyInAnyOrder("services", "cron");
    assertThat(c.fileIntegrity().paths()).containsExactly("/etc/hosts");
    assertThat(c.process().pollingInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.remoteValues(keys)).containsEntry("Sbom_Disabled", "True").hasSize(9);
  }
}
