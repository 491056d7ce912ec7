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
}
