package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.server.VigilServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "device", mixinStandardHelpOptions = true, description = "Registers and lists devices, and shows and changes their twins.",
    subcommands = {DeviceCommand.Create.class, DeviceCommand.ListDevices.class, DeviceCommand.Disable.class,
        DeviceCommand.Enable.class, DeviceCommand.Delete.class, DeviceCommand.RotateKey.class, DeviceTwinCommand.class})
final class DeviceCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Registers a device with a generated key and prints its connection string."
          + " Goes through the running server when there is one, else writes the registry in the data dir.")
  static final class Create implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Device id: letters, digits and - . : _ @ = , ( ) ! $ ' % * ? (max 128).")
    String deviceId;

    @Option(names = "--group", paramLabel = "G", description = "Security group (default: default).")
    String group;

    @Option(names = "--auth", defaultValue = "sas", description = "sas (default). x509 comes with the hub work.")
    String auth;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    @Option(names = "--host-name", defaultValue = "localhost", description = "Hub host name, when no server runs (default: ${DEFAULT-VALUE}).")
    String hostName;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "Hub MQTT port, when no server runs (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Override
    public Integer call() throws Exception {
      if (!auth.equals("sas")) {
        throw new IllegalArgumentException("--auth '" + auth + "' is not supported yet; only 'sas' is");
      }
      Path dir = DataDir.resolve(dataDir);
      Optional<ServerClient> server = ServerClient.find(dir);
      if (server.isPresent()) {
        ObjectNode body = JSON.createObjectNode().put("deviceId", deviceId);
        if (group != null) {
          body.put("securityGroup", group);
        }
        ServerClient.Response r = server.get().post("/api/v1/devices", body);
        if (r.status() != 201) {
          throw new IllegalArgumentException(r.error());
        }
        System.out.println(r.body().path("connectionString").asText());
        return 0;
      }
      DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
      RegisteredDevice d = registry.create(deviceId, group);
      System.out.println(VigilServer.connectionString(d, hostName, mqttPort));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists registered devices.")
  static final class ListDevices implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      Path dir = DataDir.resolve(dataDir);
      Optional<ServerClient> server = ServerClient.find(dir);
      System.out.printf("%-32s %-16s %-6s %-8s %s%n", "DEVICE", "GROUP", "AUTH", "ENABLED", "CREATED");
      if (server.isPresent()) {
        ServerClient.Response r = server.get().get("/api/v1/devices");
        if (r.status() != 200) {
          throw new IllegalStateException(r.error());
        }
        for (JsonNode d : r.body()) {
          System.out.printf("%-32s %-16s %-6s %-8s %s%n", d.path("deviceId").asText(), d.path("securityGroup").asText(),
              d.path("authType").asText(), d.path("enabled").asBoolean(), d.path("createdAt").asText());
        }
        return 0;
      }
      for (RegisteredDevice r : DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom()).list()) {
        var d = r.device();
        System.out.printf("%-32s %-16s %-6s %-8s %s%n", d.deviceId(), d.securityGroup(), d.authType().wireName(), d.enabled(), d.createdAt());
      }
      return 0;
    }
  }

  /** A change to one device: through the running server when there is one (which also disconnects it), else in the registry file. */
  abstract static class Change implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Device id.")
    String deviceId;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    /** The data dir in use, once {@link #call()} runs. */
    Path dir;

    @Override
    public Integer call() throws Exception {
      dir = DataDir.resolve(dataDir);
      Optional<ServerClient> server = ServerClient.find(dir);
      if (server.isPresent()) {
        ServerClient.Response r = viaApi(server.get());
        if (r.status() >= 300) {
          throw new IllegalArgumentException(r.error());
        }
        System.out.println(done(r.body()));
        return 0;
      }
      DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
      System.out.println(done(registry));
      return 0;
    }

    abstract ServerClient.Response viaApi(ServerClient server) throws Exception;

    /** Applies the change to the registry file and says what was done. */
    abstract String done(DeviceRegistry registry);

    /** Says what the server did. */
    abstract String done(JsonNode reply);
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables a device: it is disconnected and refused at CONNECT.")
  static final class Disable extends Change {
    ServerClient.Response viaApi(ServerClient s) throws Exception {
      return s.patch("/api/v1/devices/" + deviceId, JSON.createObjectNode().put("enabled", false));
    }

    String done(DeviceRegistry r) {
      r.setEnabled(deviceId, false);
      return "device '" + deviceId + "' disabled";
    }

    String done(JsonNode reply) {
      return "device '" + deviceId + "' disabled and disconnected";
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a disabled device.")
  static final class Enable extends Change {
    ServerClient.Response viaApi(ServerClient s) throws Exception {
      return s.patch("/api/v1/devices/" + deviceId, JSON.createObjectNode().put("enabled", true));
    }

    String done(DeviceRegistry r) {
      r.setEnabled(deviceId, true);
      return "device '" + deviceId + "' enabled";
    }

    String done(JsonNode reply) {
      return "device '" + deviceId + "' enabled";
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a device, its keys and its twin; it is disconnected.")
  static final class Delete extends Change {
    ServerClient.Response viaApi(ServerClient s) throws Exception {
      return s.delete("/api/v1/devices/" + deviceId);
    }

    String done(DeviceRegistry r) {
      r.delete(deviceId);
      io.vigil.hub.twin.TwinStore.open(dir.resolve("twins"), id -> false).delete(deviceId);
      return "device '" + deviceId + "' deleted";
    }

    String done(JsonNode reply) {
      return "device '" + deviceId + "' deleted";
    }
  }

  @Command(name = "rotate-key", mixinStandardHelpOptions = true,
      description = {"Replaces a device's primary (default) or secondary key and prints the new connection string.",
          "Rotate the secondary, move the device to it, then rotate the primary: no downtime."})
  static final class RotateKey extends Change {
    @Option(names = "--secondary", description = "Rotate the secondary key instead of the primary.")
    boolean secondary;

    ServerClient.Response viaApi(ServerClient s) throws Exception {
      return s.post("/api/v1/devices/" + deviceId + "/keys/rotate", JSON.createObjectNode().put("key", secondary ? "secondary" : "primary"));
    }

    String done(DeviceRegistry r) {
      RegisteredDevice d = r.rotateKey(deviceId, secondary);
      return new io.vigil.wire.auth.ConnectionString("localhost", deviceId, secondary ? d.secondaryKey() : d.primaryKey(), 1883, false)
          .toString();
    }

    String done(JsonNode reply) {
      return reply.path("connectionString").asText();
    }
  }
}
