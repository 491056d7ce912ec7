package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ca.DeviceCredentials;
import io.vigil.hub.ca.Thumbprint;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.server.VigilServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "device", mixinStandardHelpOptions = true, description = "Registers and lists devices, and shows and changes their twins.",
    subcommands = {DeviceCommand.Create.class, DeviceCommand.ListDevices.class, DeviceCommand.Show.class, DeviceCommand.Tag.class,
        DeviceCommand.Disable.class, DeviceCommand.Enable.class, DeviceCommand.Delete.class, DeviceCommand.RotateKey.class, DeviceTwinCommand.class})
final class DeviceCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Registers a device and prints its connection string."
          + " Goes through the running server when there is one, else writes the registry in the data dir.",
          "--auth sas (default): generated keys.",
          "--auth x509: Vigil's CA issues a certificate (CN = ID) and writes DIR/ID.crt and DIR/ID.key (--cert-out),"
              + " or, with --thumbprint, an existing (self-signed) certificate is registered by its thumbprint.",
          "--auth x509-ca: a certificate signed by a CA registered with 'vigil ca add' and verified; nothing is stored."})
  static final class Create implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Device id: letters, digits and - . : _ @ = , ( ) ! $ ' % * ? (max 128).")
    String deviceId;

    @Option(names = "--group", paramLabel = "G", description = "Security group (default: default).")
    String group;

    @Option(names = "--tag", paramLabel = "KEY=VALUE",
        description = "A tag, repeatable: keys of 1-64 letters, digits, '.', '_' or '-'; values of 1-256 letters, digits, spaces or . _ : / @ + = , ( ) # -."
            + " --tag SecurityGroup=G is --group G.")
    java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();

    @Option(names = "--auth", defaultValue = "sas", paramLabel = "sas|x509|x509-ca",
        description = "How the device authenticates (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--cert-out", paramLabel = "DIR", description = "With --auth x509: where to write ID.crt and ID.key (default: the current directory).")
    Path certOut;

    @Option(names = "--days", paramLabel = "N", description = "With --auth x509: days the issued certificate is valid (default: 365).")
    Integer days;

    @Option(names = "--thumbprint", paramLabel = "HEX",
        description = "With --auth x509: register an existing certificate by its SHA-256 (or SHA-1) thumbprint instead of issuing one.")
    String thumbprint;

    @Option(names = "--secondary-thumbprint", paramLabel = "HEX", description = "With --thumbprint: a second accepted thumbprint, for rotation.")
    String secondaryThumbprint;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    @Option(names = "--host-name", defaultValue = "localhost", description = "Hub host name, when no server runs (default: ${DEFAULT-VALUE}).")
    String hostName;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "Hub MQTT port, when no server runs (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--mqtt-tls-port", defaultValue = "8883",
        description = "Hub MQTT-over-TLS port for x509 connection strings, when no server runs (default: ${DEFAULT-VALUE}).")
    int mqttTlsPort;

    @Override
    public Integer call() throws Exception {
      if (!List.of("sas", "x509", "x509-ca").contains(auth)) {
        throw new IllegalArgumentException("--auth '" + auth + "' is not one of sas, x509, x509-ca");
      }
      boolean issue = auth.equals("x509") && thumbprint == null;
      if (!auth.equals("x509") && (thumbprint != null || secondaryThumbprint != null || certOut != null || days != null)) {
        throw new IllegalArgumentException("--thumbprint, --secondary-thumbprint, --cert-out and --days go with --auth x509 only");
      }
      if (!issue && (certOut != null || days != null)) {
        throw new IllegalArgumentException("--cert-out and --days are for a certificate Vigil issues, not with --thumbprint");
      }
      if (thumbprint == null && secondaryThumbprint != null) {
        throw new IllegalArgumentException("--secondary-thumbprint goes with --thumbprint");
      }
      Path out = certOut == null ? Path.of("") : certOut;
      if (issue) {
        for (String ext : List.of(".crt", ".key")) {
          if (Files.exists(out.resolve(deviceId + ext))) {
            throw new IllegalArgumentException(out.resolve(deviceId + ext) + " already exists; move it away or choose another --cert-out");
          }
        }
      }
      Path dir = DataDir.resolve(dataDir);
      Optional<ServerClient> server = ServerClient.find(dir);
      if (server.isPresent()) {
        ObjectNode body = JSON.createObjectNode().put("deviceId", deviceId).put("authType", auth);
        if (group != null) {
          body.put("securityGroup", group);
        }
        if (!tags.isEmpty()) {
          tags.forEach(body.putObject("tags")::put);
        }
        if (thumbprint != null) {
          body.put("thumbprint", thumbprint);
        }
        if (secondaryThumbprint != null) {
          body.put("secondaryThumbprint", secondaryThumbprint);
        }
        if (days != null) {
          body.put("validityDays", days);
        }
        ServerClient.Response r = server.get().post("/api/v1/devices", body);
        if (r.status() != 201) {
          throw new IllegalArgumentException(r.error());
        }
        if (issue) {
          written(DeviceCredentials.write(out, deviceId, r.body().path("certificatePem").asText(), r.body().path("privateKeyPem").asText()));
        }
        System.out.println(r.body().path("connectionString").asText());
        return 0;
      }
      DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
      RegisteredDevice d = switch (auth) {
        case "sas" -> registry.create(deviceId, group, tags);
        case "x509-ca" -> registry.createCaSigned(deviceId, group, tags);
        default -> {
          if (!issue) {
            yield registry.createWithThumbprint(deviceId, group, tags, Thumbprint.parse(thumbprint),
                secondaryThumbprint == null ? null : Thumbprint.parse(secondaryThumbprint));
          }
          if (registry.find(deviceId).isPresent()) {
            throw new IllegalArgumentException("device '" + deviceId + "' already exists");
          }
          io.vigil.hub.registry.DeviceTags.forNewDevice(group, tags); // checked before a certificate is issued for nothing
          DeviceCredentials issued = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom())
              .issueDeviceCertificate(deviceId, Duration.ofDays(days == null ? 365 : days));
          RegisteredDevice created = registry.createWithThumbprint(deviceId, group, tags, issued.thumbprint(), null);
          written(issued.writeTo(out, deviceId));
          yield created;
        }
      };
      System.out.println(VigilServer.connectionString(d, hostName, mqttPort, mqttTlsPort));
      return 0;
    }

    private static void written(DeviceCredentials.Files files) {
      System.err.println("wrote " + files.certificate() + " (certificate) and " + files.privateKey() + " (private key, mode 0600)");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists registered devices.")
  static final class ListDevices implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    private static final String ROW = "%-32s %-16s %-14s %-8s %s%n";

    @Override
    public Integer call() throws Exception {
      Path dir = DataDir.resolve(dataDir);
      Optional<ServerClient> server = ServerClient.find(dir);
      System.out.printf(ROW, "DEVICE", "GROUP", "AUTH", "ENABLED", "CREATED");
      if (server.isPresent()) {
        ServerClient.Response r = server.get().get("/api/v1/devices");
        if (r.status() != 200) {
          throw new IllegalStateException(r.error());
        }
        for (JsonNode d : r.body()) {
          System.out.printf(ROW, d.path("deviceId").asText(), d.path("securityGroup").asText(),
              d.path("authType").asText(), d.path("enabled").asBoolean(), d.path("createdAt").asText());
        }
        return 0;
      }
      for (RegisteredDevice r : DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom()).list()) {
        var d = r.device();
        System.out.printf(ROW, d.deviceId(), d.securityGroup(), d.authType().wireName(), d.enabled(), d.createdAt());
      }
      return 0;
    }
  }

  /** A change to one device: through the running server when there is one (which also disconnects it), else in the registry file. */
  abstract static class Change implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Device id.")
    String deviceId;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    @Spec
    CommandSpec spec;

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
        spec.commandLine().getOut().println(done(r.body()));
        return 0;
      }
      DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
      spec.commandLine().getOut().println(done(registry));
      return 0;
    }

    /** The API path of this device, its id escaped. */
    String devicePath() {
      return "/api/v1/devices/" + java.net.URLEncoder.encode(deviceId, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    abstract ServerClient.Response viaApi(ServerClient server) throws Exception;

    /** Applies the change to the registry file and says what was done. */
    abstract String done(DeviceRegistry registry);

    /** Says what the server did. */
    abstract String done(JsonNode reply);
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Shows a device: its id, status, auth type, security group, tags and creation time (never its keys).")
  static final class Show extends Change {
    ServerClient.Response viaApi(ServerClient s) throws Exception {
      return s.get(devicePath());
    }

    String done(DeviceRegistry r) {
      RegisteredDevice d = r.find(deviceId).orElseThrow(() -> new IllegalArgumentException("no device '" + deviceId + "'"));
      ObjectNode n = JSON.createObjectNode()
          .put("deviceId", d.deviceId())
          .put("securityGroup", d.device().securityGroup())
          .put("authType", d.device().authType().wireName())
          .put("enabled", d.device().enabled())
          .put("createdAt", d.device().createdAt().toString());
      if (d.primaryThumbprint() != null) {
        n.put("primaryThumbprint", d.primaryThumbprint().hex());
      }
      if (d.secondaryThumbprint() != null) {
        n.put("secondaryThumbprint", d.secondaryThumbprint().hex());
      }
      d.device().tags().forEach(n.putObject("tags")::put);
      return done(n);
    }

    /** The device as the API shows it, one field a line; thumbprints are public, keys are never shown. */
    String done(JsonNode d) {
      StringBuilder out = new StringBuilder();
      String row = "%-20s %s%n";
      out.append(row.formatted("DeviceId", d.path("deviceId").asText()));
      out.append(row.formatted("Status", d.path("enabled").asBoolean() ? "enabled" : "disabled"));
      out.append(row.formatted("AuthType", d.path("authType").asText()));
      out.append(row.formatted("SecurityGroup", d.path("securityGroup").asText()));
      out.append(row.formatted("Tags", Tag.joined(d.path("tags"))));
      out.append(row.formatted("CreatedAt", d.path("createdAt").asText()));
      for (String print : List.of("primaryThumbprint", "secondaryThumbprint")) {
        if (d.hasNonNull(print)) {
          out.append(row.formatted(Character.toUpperCase(print.charAt(0)) + print.substring(1), d.get(print).asText()));
        }
      }
      return out.toString().stripTrailing();
    }
  }

  @Command(name = "tag", mixinStandardHelpOptions = true,
      description = {"Sets and removes a device's tags, and prints its tags.",
          "Setting SecurityGroup moves the device to that group; removing it moves the device to the default group."})
  static final class Tag extends Change {
    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Tags to set (keys and values as for 'device create --tag').")
    List<String> set = new java.util.ArrayList<>();

    @Option(names = "--remove", paramLabel = "KEY", description = "A tag to remove, repeatable.")
    List<String> remove = new java.util.ArrayList<>();

    /** The changes: a tag to set, or null to remove one. */
    private java.util.Map<String, String> changes() {
      java.util.Map<String, String> changes = new java.util.LinkedHashMap<>();
      for (String kv : set) {
        int eq = kv.indexOf('=');
        if (eq < 1) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "expected KEY=VALUE, got '" + kv + "'");
        }
        changes.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      for (String key : remove) {
        if (changes.containsKey(key)) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "tag '" + key + "' is both set and removed");
        }
        changes.put(key, null);
      }
      if (changes.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give KEY=VALUE tags to set, or --remove KEY");
      }
      return changes;
    }

    ServerClient.Response viaApi(ServerClient s) throws Exception {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode tags = body.putObject("tags");
      changes().forEach((k, v) -> {
        if (v == null) {
          tags.putNull(k);
        } else {
          tags.put(k, v);
        }
      });
      return s.patch(devicePath(), body);
    }

    String done(DeviceRegistry r) {
      return tags(r.updateTags(deviceId, changes()).device().tags());
    }

    String done(JsonNode reply) {
      return "device '" + deviceId + "' tags: " + joined(reply.path("tags"));
    }

    private String tags(java.util.Map<String, String> tags) {
      return "device '" + deviceId + "' tags: " + joined(JSON.valueToTree(tags));
    }

    /** The tags of an API device object as {@code k=v, k=v}, by key. */
    static String joined(JsonNode tags) {
      java.util.Map<String, String> sorted = new java.util.TreeMap<>();
      tags.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
      StringBuilder out = new StringBuilder();
      sorted.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append('=').append(v));
      return out.toString();
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables a device: it is disconnected and refused at CONNECT.")
  static final class Disable extends Change {
    ServerClient.Response viaApi(ServerClient s) throws Exception {
      return s.patch(devicePath(), JSON.createObjectNode().put("enabled", false));
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
      return s.patch(devicePath(), JSON.createObjectNode().put("enabled", true));
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
      return s.delete(devicePath());
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
      return s.post(devicePath() + "/keys/rotate", JSON.createObjectNode().put("key", secondary ? "secondary" : "primary"));
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
