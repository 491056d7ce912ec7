package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote configuration end to end, with real processes on loopback: a desired property set with
 * {@code vigil device twin --set} reaches the running agent, which applies it live (restarting only
 * the collector it concerns) and reports back; an invalid value is refused in the report, the
 * previous setting stays, and the agent keeps running.
 */
class AgentConfigEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    VigilProcess.stopAll(processes);
  }

  private static JsonNode twin(Path data, String... set) throws Exception {
    List<String> args = new ArrayList<>(List.of("device", "twin", "cfg-1", "--data-dir", data.toString()));
    for (String s : set) {
      args.add("--set");
      args.add(s);
    }
    VigilProcess.Result r = VigilProcess.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return JSON.readTree(r.stdout());
  }

  @Test
  void aDesiredChangeAppliesLiveAndIsReported() throws Exception {
    Path data = dir.resolve("data");
    int http = VigilProcess.freePort();
    int mqtt = VigilProcess.freePort();
    Path serverLog = dir.resolve("server.log");
    processes.add(VigilProcess.start(serverLog, Map.of(), "server", "--data-dir", data.toString(),
        "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(mqtt),
        "--https-port", "0", "--mqtt-tls-port", Integer.toString(VigilProcess.freePort()), "--bind", "127.0.0.1"));
    VigilProcess.awaitHealthy(http, serverLog);
    VigilProcess.Result created = VigilProcess.run("device", "create", "cfg-1", "--data-dir", data.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    // The local file sets the process mode; the twin will override it.
    Path config = Files.writeString(dir.resolve("agent.json"), "{\"Process_Mode\": \"Polling\", \"Sbom_Disabled\": true}");
    Path agentLog = dir.resolve("agent.log");
    Process agent = VigilProcess.start(agentLog, Map.of("VIGIL_CONNECTION_STRING", created.stdout().trim()), "agent",
        "--config", config.toString(), "--collectors", "process,sdk,sbom",
        "--sdk-socket", dir.resolve("agent.sock").toString(), "--spool-dir", dir.resolve("spool").toString());
    processes.add(agent);
    // At connect the agent reads its (empty) twin and reports the local settings.
    VigilProcess.await("the first report", Duration.ofSeconds(60), agentLog,
        () -> twin(data).path("reported").path("latest_state").asText().equals("success"));
    JsonNode first = twin(data).path("reported");
    assertThat(first.path("configuration").path("Process_Mode").asText()).isEqualTo("Polling");

    Instant set = Instant.now();
    long version = twin(data, "Process_Mode=Auto", "Sdk_MessageFrequency=Low").path("desired").path("$version").asLong();
    VigilProcess.await("the agent's report of desired version " + version, Duration.ofSeconds(20), agentLog,
        () -> twin(data).path("reported").path("latest_desired_version").asLong() == version);
    Duration took = Duration.between(set, Instant.now());
    JsonNode applied = twin(data).path("reported");
    assertThat(applied.path("latest_state").asText()).isEqualTo("success");
    assertThat(applied.path("latest_invalid_fields")).isEmpty();
    assertThat(applied.path("configuration").path("Process_Mode").asText()).isEqualTo("Auto");
    assertThat(applied.path("configuration").path("Sdk_MessageFrequency").asText()).isEqualTo("Low");
    assertThat(Files.readString(agentLog)).contains("applied: process restarted");
    System.out.println("desired change applied and reported in " + took.toMillis() + " ms");

    long bad = twin(data, "Process_Mode=Turbo").path("desired").path("$version").asLong();
    VigilProcess.await("the agent's report of desired version " + bad, Duration.ofSeconds(20), agentLog,
        () -> twin(data).path("reported").path("latest_desired_version").asLong() == bad);
    JsonNode refused = twin(data).path("reported");
    assertThat(refused.path("latest_state").asText()).isEqualTo("failed");
    assertThat(refused.path("latest_invalid_fields").toString()).isEqualTo("[\"Process_Mode\"]");
    assertThat(refused.path("latest_errors").get(0).asText())
        .isEqualTo("Process_Mode: Process_Mode 'Turbo' is not one of [Auto, Netlink, Polling]");
    assertThat(refused.path("configuration").path("Process_Mode").asText()).isEqualTo("Auto"); // kept
    assertThat(agent.isAlive()).isTrue();
    assertThat(Files.readString(agentLog)).contains("Process_Mode 'Turbo' is not one of [Auto, Netlink, Polling]; the previous setting stays");
  }
}
