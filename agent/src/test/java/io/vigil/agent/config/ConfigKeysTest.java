package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.CollectorRegistry;
import io.vigil.agent.collect.process.ProcessSettings;
import io.vigil.agent.spool.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
  private final ConfigKeys keys = ConfigKeys.forCollectors(CollectorRegistry.NAMES);

  private Object parse(String key, Object value) {
    return keys.get(key).parse().apply(value);
  }

  @Test
  void collectorKeysUseTheOldAgentsPascalCaseNames() {
    assertThat(ConfigKeys.prefix("kernel_module")).isEqualTo("KernelModule");
    assertThat(ConfigKeys.prefix("system_information")).isEqualTo("SystemInformation");
    assertThat(keys.names()).contains("Process_Disabled", "Process_MessageFrequency", "Process_Interval",
        "KernelModule_Disabled", "Baseline_ChecksDisabled", "Baseline_GroupsDisabled", "Process_Mode",
        "Process_PollingInterval", "FileSystem_Paths", "Spool_MaxBytes", "CollectorsCore_PriorityIntervals",
        "Process_Aggregation_Enabled", "Network_Aggregation_Interval", "Heartbeat_Interval", "ConnectionString", "CaFile");
    assertThat(keys.names()).doesNotContain("Heartbeat_Disabled", "Sbom_Aggregation_Enabled");
  }

  @Test
  void everyKeyIsDocumentedInTheReadme() throws Exception {
    String text = Files.readString(Path.of("..", "README.md"));
    assertThat(text).contains("<Collector>_Disabled", "<Collector>_MessageFrequency", "<Collector>_Interval");
    for (String collector : CollectorRegistry.NAMES) {
      assertThat(text).as("README names the prefix of " + collector).contains("`" + ConfigKeys.prefix(collector) + "`");
    }
    for (String name : keys.names()) {
      if (!name.matches("[A-Za-z]+_(Disabled|MessageFrequency|Interval)")) {
        assertThat(text).as("README documents " + name).contains("`" + name + "`");
      }
    }
  }

  @Test
  void booleansAcceptJsonAndTheOldStringForm() {
    assertThat(parse("Process_Disabled", true)).isEqualTo(true);
    assertThat(parse("Process_Disabled", "False")).isEqualTo(false);
    assertThatThrownBy(() -> parse("Process_Disabled", "yes")).hasMessage("'yes' is not true or false");
    assertThatThrownBy(() -> parse("Process_Disabled", 1L)).hasMessage("1 is not true or false");
  }

  @Test
  void frequenciesAreHighMediumOrLow() {
    assertThat(parse("Login_MessageFrequency", "low")).isEqualTo(Priority.LOW);
    assertThatThrownBy(() -> parse("Login_MessageFrequency", "Urgent")).hasMessage("'Urgent' is not High, Medium or Low");
  }

  @Test
  void durationsAreIso8601OrSeconds() {
    assertThat(parse("Network_Interval", "PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(parse("Network_Interval", 2L)).isEqualTo(Duration.ofSeconds(2));
    assertThat(parse("Network_Interval", 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(parse("Network_Interval", "30")).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> parse("Network_Interval", "soon"))
        .hasMessage("'soon' is not a duration (ISO 8601 such as PT30S, or a number of seconds)");
    assertThatThrownBy(() -> parse("Network_Interval", "PT0S")).hasMessage("'PT0S' must be a positive duration");
    assertThatThrownBy(() -> parse("Network_Interval", true))
        .hasMessage("true is not a duration (ISO 8601 such as PT30S, or a number of seconds)");
  }

  @Test
  void priorityIntervalsTakeTheOldMinutesFormAndIso() {
    assertThat(parse("CollectorsCore_PriorityIntervals", "30,120,1440"))
        .isEqualTo(List.of(Duration.ofMinutes(30), Duration.ofMinutes(120), Duration.ofMinutes(1440)));
    assertThat(parse("CollectorsCore_PriorityIntervals", "PT2S, PT5M, 30"))
        .isEqualTo(List.of(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(30)));
    assertThat(parse("CollectorsCore_PriorityIntervals", List.of(1L, 2L, 3L)))
        .isEqualTo(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3)));
    assertThatThrownBy(() -> parse("CollectorsCore_PriorityIntervals", "30,120"))
        .hasMessage("'30,120' is not three intervals '<High>,<Medium>,<Low>' in minutes, such as '30,120,1440'");
    assertThatThrownBy(() -> parse("CollectorsCore_PriorityIntervals", "30,x,1440"))
        .hasMessage("the Medium interval: 'x' is not a duration (ISO 8601 such as PT30S, or a number of minutes)");
    assertThatThrownBy(() -> parse("CollectorsCore_PriorityIntervals", "30,120,-1"))
        .hasMessage("the Low interval '-1' is negative");
  }

  @Test
  void listsAreArraysOrCommaSeparated() {
    assertThat(parse("Baseline_ChecksDisabled", "VB-SSH-005, VB-FS-001")).isEqualTo(List.of("VB-SSH-005", "VB-FS-001"));
    assertThat(parse("Baseline_GroupsDisabled", List.of("services"))).isEqualTo(List.of("services"));
    assertThatThrownBy(() -> parse("Baseline_GroupsDisabled", List.of("a", 1L)))
        .hasMessage("item 1 of [a, 1] is not a string");
    assertThatThrownBy(() -> parse("Baseline_GroupsDisabled", 5L))
        .hasMessage("5 is not a list (a JSON array of strings, or a comma-separated string)");
  }

  @Test
  void processModePathsAndSpoolAreChecked() {
    assertThat(parse("Process_Mode", "polling")).isEqualTo(ProcessSettings.Mode.POLLING);
    assertThatThrownBy(() -> parse("Process_Mode", "Fast"))
        .hasMessage("Process_Mode 'Fast' is not one of [Auto, Netlink, Polling]");
    assertThatThrownBy(() -> parse("Process_PollingInterval", "PT0.0001S")).hasMessage("'PT0.0001S' must be at least 1 ms");
    assertThat(parse("FileSystem_Paths", "/etc/passwd,/etc/hosts")).isEqualTo(List.of("/etc/passwd", "/etc/hosts"));
    assertThatThrownBy(() -> parse("FileSystem_Paths", "etc/passwd")).hasMessage("path 'etc/passwd' is not absolute");
    assertThatThrownBy(() -> parse("FileSystem_Paths", List.of()))
        .hasMessage("no paths: name at least one file or directory (or disable the collector with FileIntegrity_Disabled)");
    assertThat(parse("Spool_MaxBytes", 1048576L)).isEqualTo(1048576L);
    assertThatThrownBy(() -> parse("Spool_MaxBytes", 100L)).hasMessage("100 is outside 65536 to 1073741824 bytes");
    assertThatThrownBy(() -> parse("Spool_MaxBytes", "lots")).hasMessage("'lots' is not a whole number");
  }

  @Test
  void onlyTheKeysOfACollectorRestartIt() {
    AgentConfig before = AgentConfig.empty();
    AgentConfig after = new AgentConfig(java.util.Map.of(
        "Process_Mode", new AgentConfig.Setting("Polling", ProcessSettings.Mode.POLLING),
        "Network_Interval", new AgentConfig.Setting("PT9S", Duration.ofSeconds(9))));
    assertThat(keys.restartNeeded("process", before, after)).isTrue();
    assertThat(keys.restartNeeded("network", before, after)).isFalse();
    assertThat(keys.restartNeeded("process", after, after)).isFalse();
  }
}
