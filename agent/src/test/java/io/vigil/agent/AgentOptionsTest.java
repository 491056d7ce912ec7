package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.transport.MqttVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
  @Test
  void parsesBothOptionForms() {
    AgentOptions o = AgentOptions.parse("--once", "--root=/mnt/img", "--collectors", "process, sbom", "--output", "out.json");
    assertThat(o.once()).isTrue();
    assertThat(o.root()).isEqualTo(Path.of("/mnt/img"));
    assertThat(o.collectors()).containsExactly("process", "sbom");
    assertThat(o.output()).isEqualTo("out.json");
    assertThat(AgentOptions.parse().collectors()).isNull();
  }

  @Test
  void badArgumentsSayWhich() {
    assertThatThrownBy(() -> AgentOptions.parse("--root")).hasMessage("option --root needs a value");
    assertThatThrownBy(() -> AgentOptions.parse("--verbose")).hasMessage("unknown argument '--verbose'; see vigil agent --help");
  }

  @Test
  void mainReportsErrorsWithExitCodes() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true);
    assertThat(AgentMain.run(new String[] {"--nope"}, System.out, errStream, null)).isEqualTo(2);
    assertThat(AgentMain.run(new String[] {}, System.out, errStream, null)).isEqualTo(1);
    assertThat(AgentMain.run(new String[] {"--once", "--root", "/does/not/exist"}, System.out, errStream, null)).isEqualTo(1);
    assertThat(err.toString().lines().toList()).isEqualTo(List.of(
        "vigil: unknown argument '--nope'; see vigil agent --help",
        "vigil: give --connection-string S (or set VIGIL_CONNECTION_STRING, or ConnectionString in the --config file), or use --once",
        "vigil: --root /does/not/exist is not a directory"));
  }

  @Test
  void aBadConfigFileStopsTheAgentWithEveryProblem(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path config = java.nio.file.Files.writeString(dir.resolve("agent.json"), "{\"Process_Mode\": \"Fast\", \"Colour\": 1}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(AgentMain.run(new String[] {"--once", "--config", config.toString()}, System.out, new PrintStream(err, true), null))
        .isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("vigil: config file " + config
        + ": Process_Mode: Process_Mode 'Fast' is not one of [Auto, Netlink, Polling]; Colour: unknown key");
  }

  @Test
  void aConfigFileWithoutAConnectionStringSaysSo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path config = java.nio.file.Files.writeString(dir.resolve("agent.json"), "{\"Process_Mode\": \"Polling\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(AgentMain.run(new String[] {"--config", config.toString(), "--spool-dir", dir.resolve("spool").toString()},
        System.out, new PrintStream(err, true), null)).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("vigil: no connection string: give one, or ConnectionString in the config file");
  }

  @Test
  void theMqttVersionIsFiveOr311() {
    assertThat(AgentOptions.parse().mqttVersion()).isNull();
    assertThat(AgentOptions.parse("--mqtt-version", "3.1.1").mqttVersion()).isEqualTo(MqttVersion.V3_1_1);
    assertThat(AgentOptions.parse("--mqtt-version=5").mqttVersion()).isEqualTo(MqttVersion.V5);
    assertThatThrownBy(() -> AgentOptions.parse("--mqtt-version", "3.1")).hasMessage(
        "--mqtt-version '3.1' is not an MQTT version the agent speaks; use one of [5, 3.1.1]");
  }

  @Test
  void aBadMqttVersionInTheConfigFileSaysWhere(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path config = java.nio.file.Files.writeString(dir.resolve("agent.json"), "{\"MqttVersion\": \"6\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(AgentMain.run(new String[] {"--once", "--config", config.toString()}, System.out, new PrintStream(err, true), null))
        .isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("vigil: config file " + config
        + ": MqttVersion: MqttVersion '6' is not an MQTT version the agent speaks; use one of [5, 3.1.1]");
  }
}
