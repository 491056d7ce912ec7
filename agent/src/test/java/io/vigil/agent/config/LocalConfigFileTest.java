package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.CollectorRegistry;
import io.vigil.agent.collect.process.ProcessSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalConfigFileTest {
  private final ConfigKeys keys = ConfigKeys.forCollectors(CollectorRegistry.NAMES);
  @TempDir Path dir;

  private Path write(String json) throws Exception {
    return Files.writeString(dir.resolve("agent.json"), json);
  }

  @Test
  void readsConnectionSettingsAndKeys() throws Exception {
    Path f = write("""
        {"ConnectionString": "HostName=h;DeviceId=d;SharedAccessKey=a2V5", "CaFile": "/etc/vigil/ca.crt",
         "Process_Mode": "Polling", "Sbom_Disabled": true, "Login_Interval": null}
        """);
    AgentConfig c = LocalConfigFile.read(f, keys);
    assertThat(c.connectionString()).isEqualTo("HostName=h;DeviceId=d;SharedAccessKey=a2V5");
    assertThat(c.caFile()).isEqualTo(Path.of("/etc/vigil/ca.crt"));
    assertThat(c.process().mode()).isEqualTo(ProcessSettings.Mode.POLLING);
    assertThat(c.remoteValues(keys)).containsOnlyKeys("Process_Mode", "Sbom_Disabled");
  }

  @Test
  void everyProblemIsListedWithItsKey() throws Exception {
    Path f = write("{\"Process_Mode\": \"Fast\", \"Colour\": 1, \"Spool_MaxBytes\": 5}");
    assertThatThrownBy(() -> LocalConfigFile.read(f, keys)).hasMessage("config file " + f
        + ": Process_Mode: Process_Mode 'Fast' is not one of [Auto, Netlink, Polling]; Colour: unknown key;"
        + " Spool_MaxBytes: 5 is outside 65536 to 1073741824 bytes");
  }

  @Test
  void malformedFilesSayWhere() throws Exception {
    Path bad = write("{\n  \"Process_Mode\": \"Polling\",\n  oops\n}");
    assertThatThrownBy(() -> LocalConfigFile.read(bad, keys))
        .hasMessageStartingWith("config file " + bad + " is not valid JSON at line 3 column 3: Unexpected character ('o'");
    Path array = write("[1]");
    assertThatThrownBy(() -> LocalConfigFile.read(array, keys))
        .hasMessage("config file " + array + " is not a JSON object (it starts with [)");
    Path empty = write("");
    assertThatThrownBy(() -> LocalConfigFile.read(empty, keys))
        .hasMessage("config file " + empty + " is not a JSON object (it is empty)");
    Path trailing = write("{} {}");
    assertThatThrownBy(() -> LocalConfigFile.read(trailing, keys))
        .hasMessage("config file " + trailing + " has more after its JSON object, at line 1 column 5");
    Path truncated = write("{\"Process_Mode\": ");
    assertThatThrownBy(() -> LocalConfigFile.read(truncated, keys))
        .hasMessageStartingWith("config file " + truncated + " is not valid JSON at line 1");
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> LocalConfigFile.read(missing, keys)).hasMessage("config file " + missing + " does not exist");
  }
}
