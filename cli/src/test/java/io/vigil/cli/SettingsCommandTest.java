package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.store.DuckDbWorkspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil settings} on a data dir without a server (the file) and with one running (its API). */
class SettingsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int vigil(String... args) {
    out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("vigil: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  private JsonNode json() throws Exception {
    return JSON.readTree(out.toString());
  }

  @Test
  void withoutAServerItChangesTheFileAndRecordsTheChange() throws Exception {
    String d = dir.toString();
    assertThat(vigil("settings", "set", "--data-dir", d, "ipMasking.mode=prefix", "ipMasking.ipv4Prefix=16", "rawEventRetentionDays=30"))
        .as(err.toString()).isZero();
    assertThat(json().get("global").get("ipMasking").toString()).isEqualTo("{\"mode\":\"prefix\",\"ipv4Prefix\":16,\"ipv6Prefix\":48}");
    assertThat(vigil("settings", "set", "--data-dir", d, "--group", "lab", "securityMonitoring=false",
        "ipFilter.rules=[{\"action\":\"deny\",\"cidr\":\"10.0.0.0/8\"}]")).as(err.toString()).isZero();
    assertThat(json().get("overrides").toString())
        .isEqualTo("{\"securityMonitoring\":false,\"ipFilter\":{\"defaultAction\":\"allow\",\"rules\":[{\"action\":\"deny\",\"cidr\":\"10.0.0.0/8\"}]}}");
    assertThat(json().get("effective").get("rawEventRetentionDays").asInt()).isEqualTo(30);

    assertThat(vigil("settings", "unset", "--data-dir", d, "--group", "lab", "ipFilter")).isZero();
    assertThat(json().get("overrides").toString()).isEqualTo("{\"securityMonitoring\":false}");
    assertThat(vigil("settings", "show", "--data-dir", d)).isZero();
    assertThat(json().get("securityGroups").get("lab").toString()).isEqualTo("{\"securityMonitoring\":false}");
    assertThat(Files.readString(dir.resolve("settings.json"))).contains("\"securityMonitoring\" : false");

    try (var ws = DuckDbWorkspace.openReadOnly(dir.resolve("workspace.duckdb"))) {
      assertThat(ws.query("SELECT Details->>'Scope' FROM HubOperation WHERE Operation = 'SettingsChanged' ORDER BY TimeGenerated", 10)
          .rows()).extracting(r -> r.get(0)).containsExactly("global", "securityGroup:lab", "securityGroup:lab");
    }
  }

  @Test
  void badValuesAreRefusedWithTheirPointer() {
    assertThat(vigil("settings", "set", "--data-dir", dir.toString(), "securityMonitoring=maybe")).isEqualTo(1);
    assertThat(err.toString()).contains("vigil: /securityMonitoring: must be true or false, was \"maybe\"");
    assertThat(vigil("settings", "set", "--data-dir", dir.toString(), "novalue")).isEqualTo(2);
    assertThat(err.toString()).contains("expected KEY=VALUE, got 'novalue'");
    assertThat(vigil("settings", "show", "--data-dir", dir.toString(), "--group", "a b")).isEqualTo(2);
    assertThat(err.toString()).contains("--group: security group 'a b' must be 1-64 letters, digits, '.', '_' or '-'");
  }

  @Test
  void withAServerRunningTheChangeGoesThroughItsApiAndAppliesAtOnce() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir, "localhost", 0, mqtt), Clock.systemUTC(), a -> { })) {
      assertThat(vigil("settings", "set", "--data-dir", dir.toString(), "--group", "lab", "twinDataCollection=false"))
          .as(err.toString()).isZero();
      assertThat(json().get("effective").get("twinDataCollection").asBoolean()).isFalse();
      assertThat(vigil("settings", "set", "--data-dir", dir.toString(), "rawEventRetentionDays=-2")).isEqualTo(1);
      assertThat(err.toString()).contains("/rawEventRetentionDays: must be a whole number from 0 to 36500");
      assertThat(vigil("settings", "reset", "--data-dir", dir.toString(), "--group", "lab")).as(err.toString()).isZero();
      assertThat(json().get("overrides").toString()).isEqualTo("{}");
    }
  }
}
