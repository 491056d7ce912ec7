package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil device show / delete} on a data dir without a server (the registry file) and with one running (its API). */
class DeviceCommandTest {
  @TempDir Path dir;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int vigil(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("vigil: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  private DeviceRegistry registry() {
    return DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
  }

  @Test
  void withoutAServerADeviceIsShownFromTheRegistryWithoutItsKeysAndDeleted() {
    RegisteredDevice gw = registry().create("gw-7", "plant-a");
    registry().setEnabled("gw-7", false);
    assertThat(vigil("device", "show", "gw-7", "--data-dir", dir.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("""
        DeviceId             gw-7
        Status               disabled
        AuthType             Sas
        SecurityGroup        plant-a
        Tags                 SecurityGroup=plant-a
        CreatedAt            %s
        """.formatted(gw.device().createdAt()));
    assertThat(out.toString()).doesNotContain(gw.primaryKey()).doesNotContain(gw.secondaryKey());

    assertThat(vigil("device", "delete", "gw-7", "--data-dir", dir.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("device 'gw-7' deleted\n");
    assertThat(registry().find("gw-7")).isEmpty();
    assertThat(vigil("device", "show", "gw-7", "--data-dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: no device 'gw-7'\n");
    assertThat(vigil("device", "delete", "gw-7", "--data-dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: no device 'gw-7'\n");
  }

  @Test
  void withAServerRunningShowAndDeleteGoThroughItsApi() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir, "localhost", 0, mqtt), Clock.systemUTC(), a -> { })) {
      RegisteredDevice gw = server.registry().create("gw-8", null);
      assertThat(vigil("device", "show", "gw-8", "--data-dir", dir.toString())).as(err.toString()).isZero();
      assertThat(out.toString()).contains("DeviceId             gw-8\n", "Status               enabled\n",
          "Tags                 SecurityGroup=default\n", "CreatedAt            " + gw.device().createdAt() + "\n");
      assertThat(out.toString()).doesNotContain(gw.primaryKey());

      assertThat(vigil("device", "delete", "gw-8", "--data-dir", dir.toString())).as(err.toString()).isZero();
      assertThat(out.toString()).isEqualTo("device 'gw-8' deleted\n");
      assertThat(server.registry().find("gw-8")).isEmpty();
      assertThat(vigil("device", "show", "gw-8", "--data-dir", dir.toString())).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("vigil: no device 'gw-8'\n");
    }
  }

  @Test
  void throughTheApiADeviceIdWithUrlCharactersIsEscaped() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir, "localhost", 0, mqtt), Clock.systemUTC(), a -> { })) {
      String id = "gw?9%";
      RegisteredDevice gw = server.registry().create(id, null);
      server.registry().create("gw", null); // where "gw?9%" unescaped would go
      String d = dir.toString();
      assertThat(vigil("device", "disable", id, "--data-dir", d)).as(err.toString()).isZero();
      assertThat(server.registry().find(id).orElseThrow().device().enabled()).isFalse();
      assertThat(vigil("device", "enable", id, "--data-dir", d)).as(err.toString()).isZero();
      assertThat(server.registry().find(id).orElseThrow().device().enabled()).isTrue();
      assertThat(vigil("device", "rotate-key", id, "--data-dir", d)).as(err.toString()).isZero();
      assertThat(server.registry().find(id).orElseThrow().primaryKey()).isNotEqualTo(gw.primaryKey());
      assertThat(vigil("device", "delete", id, "--data-dir", d)).as(err.toString()).isZero();
      assertThat(out.toString()).isEqualTo("device '" + id + "' deleted\n");
      assertThat(server.registry().find(id)).isEmpty();
      assertThat(server.registry().find("gw")).isPresent();
    }
  }

  @Test
  void withoutAServerTagsAreSetOnCreateChangedAndRemovedInTheRegistry() {
    String d = dir.toString();
    assertThat(vigil("device", "create", "gw-t", "--data-dir", d, "--tag", "site=Plant A", "--tag", "owner=ops")).as(err.toString()).isZero();
    assertThat(registry().find("gw-t").orElseThrow().device().tags())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("SecurityGroup", "default", "site", "Plant A", "owner", "ops"));
    assertThat(vigil("device", "tag", "gw-t", "SecurityGroup=lab", "site=Plant B", "--remove", "owner", "--data-dir", d))
        .as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("device 'gw-t' tags: SecurityGroup=lab, site=Plant B\n");
    assertThat(registry().find("gw-t").orElseThrow().device().securityGroup()).isEqualTo("lab");

    assertThat(vigil("device", "tag", "gw-t", "bad key=x", "--data-dir", d)).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: tag key 'bad key' must be 1-64 letters, digits, '.', '_' or '-'\n");
    assertThat(vigil("device", "create", "gw-u", "--data-dir", d, "--tag", "site=<x>")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("vigil: tag 'site': value '<x>' must be 1-256 letters, digits, spaces or . _ : / @ + = , ( ) # -\n");
    assertThat(registry().find("gw-u")).isEmpty();
    assertThat(vigil("device", "tag", "gw-t", "novalue", "--data-dir", d)).isEqualTo(2);
    assertThat(err.toString()).contains("expected KEY=VALUE, got 'novalue'");
    assertThat(vigil("device", "tag", "gw-t", "--data-dir", d)).isEqualTo(2);
    assertThat(err.toString()).contains("give KEY=VALUE tags to set, or --remove KEY");
    assertThat(vigil("device", "tag", "gw-t", "a=1", "--remove", "a", "--data-dir", d)).isEqualTo(2);
    assertThat(err.toString()).contains("tag 'a' is both set and removed");
  }

  @Test
  void withAServerRunningTagsGoThroughItsApi() throws Exception {
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    try (VigilServer server = VigilServer.start(ServerConfig.loopback(dir, "localhost", 0, mqtt), Clock.systemUTC(), a -> { })) {
      String d = dir.toString();
      assertThat(vigil("device", "create", "gw-t", "--data-dir", d, "--tag", "site=Plant A", "--tag", "owner=ops")).as(err.toString()).isZero();
      assertThat(server.registry().find("gw-t").orElseThrow().device().tags())
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("SecurityGroup", "default", "site", "Plant A", "owner", "ops"));
      assertThat(vigil("device", "tag", "gw-t", "SecurityGroup=lab", "--remove", "owner", "--data-dir", d)).as(err.toString()).isZero();
      assertThat(out.toString()).isEqualTo("device 'gw-t' tags: SecurityGroup=lab, site=Plant A\n");
      assertThat(server.registry().find("gw-t").orElseThrow().device().securityGroup()).isEqualTo("lab");
      assertThat(vigil("device", "tag", "gw-t", "bad key=x", "--data-dir", d)).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("vigil: /tags/bad key: tag key 'bad key' must be 1-64 letters, digits, '.', '_' or '-'\n");
    }
    // Persisted: the registry the server wrote, read again after it stopped.
    assertThat(registry().find("gw-t").orElseThrow().device().tags())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("SecurityGroup", "lab", "site", "Plant A"));
  }
}
