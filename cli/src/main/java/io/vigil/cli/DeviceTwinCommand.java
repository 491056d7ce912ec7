package io.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.twin.Twin;
import io.vigil.hub.twin.TwinPatch;
import io.vigil.hub.twin.TwinStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil device twin ID [--set KEY=VALUE]... [--unset KEY]...}: shows a device's twin, after changing its desired properties. */
@Command(name = "twin", mixinStandardHelpOptions = true,
    description = {"Prints a device's twin as JSON, after applying any --set and --unset to its desired properties.",
        "Goes through the running server when there is one, which also sends the change to the device;"
            + " else changes the twin in the data dir, and the device gets it when it next reads its twin."})
final class DeviceTwinCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Device id.")
  String deviceId;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = {"Sets the desired property KEY (a top-level key). VALUE is JSON when it parses as JSON"
          + " (true, 5, '\"x\"', '[\"a\",\"b\"]', '{\"a\":1}'), else a plain string (Process_Mode=Polling)."})
  List<String> sets = new ArrayList<>();

  @Option(names = "--unset", paramLabel = "KEY", description = "Removes the desired property KEY.")
  List<String> unsets = new ArrayList<>();

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    ObjectNode patch = patch();
    Path dir = DataDir.resolve(dataDir);
    Optional<ServerClient> server = ServerClient.find(dir);
    JsonNode twin = server.isPresent() ? viaApi(server.get(), patch) : inFiles(dir, patch);
    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(twin));
    return 0;
  }

  private JsonNode viaApi(ServerClient server, ObjectNode patch) throws Exception {
    String path = "/api/v1/devices/" + deviceId + "/twin";
    ObjectNode body = JSON.createObjectNode();
    body.set("desired", patch);
    ServerClient.Response r = patch.isEmpty() ? server.get(path) : server.patch(path, body);
    if (r.status() != 200) {
      throw new IllegalArgumentException(r.error());
    }
    return r.body();
  }

  private JsonNode inFiles(Path dir, ObjectNode patch) {
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    if (registry.find(deviceId).isEmpty()) {
      throw new IllegalArgumentException("no device '" + deviceId + "'");
    }
    TwinStore store = TwinStore.open(dir.resolve("twins"), id -> registry.find(id).isPresent());
    Twin twin = patch.isEmpty() ? store.get(deviceId) : store.update(deviceId, Twin.Side.DESIRED, TwinPatch.of(patch, "/desired"));
    return twin.toJson();
  }

  /** The merge patch that --set and --unset describe; empty when there are none. */
  private ObjectNode patch() {
    ObjectNode patch = JSON.createObjectNode();
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--set expects KEY=VALUE, got '" + set + "'");
      }
      put(patch, set.substring(0, eq), value(set.substring(eq + 1)));
    }
    for (String key : unsets) {
      if (key.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--unset expects a KEY, got ''");
      }
      put(patch, key, JSON.nullNode());
    }
    return patch;
  }

  private void put(ObjectNode patch, String key, JsonNode value) {
    if (patch.has(key)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "desired property '" + key + "' is given more than once");
    }
    patch.set(key, value);
  }

  /** {@code text} as JSON when it is valid JSON, else as a string. */
  static JsonNode value(String text) {
    try {
      JsonNode parsed = JSON.readTree(text);
      return parsed == null || parsed.isMissingNode() ? JSON.getNodeFactory().textNode(text) : parsed;
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(text); // not JSON: a plain string, by design
    }
  }
}
