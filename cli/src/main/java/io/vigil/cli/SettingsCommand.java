package io.vigil.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.settings.DataCollection;
import io.vigil.hub.settings.SettingsJson;
import io.vigil.hub.settings.SettingsOverride;
import io.vigil.model.SecurityGroup;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.HubOperationRow;
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

/**
 * {@code vigil settings show|set|unset|reset}: the data-collection settings, global or of a security
 * group. Goes through the running server's API when there is one (the change applies at once);
 * else changes {@code DATA/settings.json}, which the server reads at start. Either way the change
 * is recorded as a {@code SettingsChanged} hub operation.
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = {"Shows and changes the data-collection settings: IP masking, twin data collection, raw event retention,"
        + " security monitoring and the IP filter, globally or per security group (--group)."},
    subcommands = {SettingsCommand.Show.class, SettingsCommand.Set.class, SettingsCommand.Unset.class, SettingsCommand.Reset.class})
final class SettingsCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SettingsCommand() {}

  /** A settings command on one scope: the global settings, or a group's overrides. */
  abstract static class Scoped implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--group", paramLabel = "GROUP", description = "The security group whose own settings to use (default: the global settings).")
    String group;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      if (group != null) {
        try {
          SecurityGroup.requireValidName(group);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--group: " + e.getMessage());
        }
      }
      Path dir = DataDir.resolve(dataDir);
      Optional<ServerClient> server = ServerClient.find(dir);
      JsonNode shown = server.isPresent() ? viaApi(server.get()) : offline(dir);
      spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
      return 0;
    }

    /** What the scope sets now, changed by this command; null for no change. */
    abstract ObjectNode change(ObjectNode current);

    String path() {
      return group == null ? "/api/v1/settings" : "/api/v1/security-groups/" + group + "/settings";
    }

    JsonNode viaApi(ServerClient server) throws Exception {
      ServerClient.Response current = server.get(path());
      check(current);
      ObjectNode changed = change((ObjectNode) (group == null ? current.body().get("global") : current.body().get("overrides")).deepCopy());
      if (changed == null) {
        return current.body();
      }
      ServerClient.Response r = group != null && changed.isEmpty() ? server.delete(path()) : server.put(path(), changed);
      check(r);
      return r.status() == 204 ? server.get(path()).body() : r.body();
    }

    private static void check(ServerClient.Response r) {
      if (r.status() >= 300 && r.status() != 404) {
        throw new IllegalArgumentException(r.error());
      }
    }

    /** Without a server: the settings file, with changes recorded in the workspace as the server would. */
    JsonNode offline(Path dir) {
      try (DuckDbWorkspace workspace = DuckDbWorkspace.open(dir.resolve("workspace.duckdb"))) {
        DataCollection settings = DataCollection.open(dir, id -> Optional.empty(), (id, op, at) -> workspace.appendHubOperations(List.of(
            new HubOperationRow(at, id, op.operation(), op.result(), op.protocol(), op.sourceIp(), op.extraDetails()))),
            Clock.systemUTC(), new SecureRandom());
        ObjectNode current = group == null
            ? SettingsJson.write(settings.global())
            : SettingsJson.write(settings.groupOverrides().getOrDefault(group, SettingsOverride.NONE));
        ObjectNode changed = change(current.deepCopy());
        if (changed != null && group == null) {
          settings.replaceGlobal(changed);
        } else if (changed != null && changed.isEmpty()) {
          settings.removeGroup(group);
        } else if (changed != null) {
          settings.replaceGroup(group, changed);
        }
        if (group == null) {
          return settings.toJson();
        }
        ObjectNode out = JSON.createObjectNode().put("securityGroup", group);
        out.set("overrides", SettingsJson.write(settings.groupOverrides().getOrDefault(group, SettingsOverride.NONE)));
        out.set("effective", SettingsJson.write(settings.forGroup(group)));
        return out;
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Prints the global settings and every group's overrides, or with --group a group's overrides and the settings in force for it.")
  static final class Show extends Scoped {
    @Override
    ObjectNode change(ObjectNode current) {
      return null;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Sets settings: KEY is a setting or a path into one (ipMasking.mode=hash, securityMonitoring=false,"
          + " rawEventRetentionDays=30, ipFilter.defaultAction=deny, ipFilter.rules='[{\"action\":\"deny\",\"cidr\":\"10.0.0.0/8\"}]')."
          + " VALUE is JSON when it parses as JSON, else a string. Prints the settings after the change."})
  static final class Set extends Scoped {
    @Parameters(paramLabel = "KEY=VALUE", arity = "1..*", description = "Settings to set.")
    List<String> assignments = new ArrayList<>();

    @Override
    ObjectNode change(ObjectNode current) {
      for (String a : assignments) {
        int eq = a.indexOf('=');
        if (eq < 1) {
          throw new CommandLine.ParameterException(spec.commandLine(), "expected KEY=VALUE, got '" + a + "'");
        }
        String[] path = a.substring(0, eq).split("\\.", -1);
        ObjectNode parent = current;
        for (int i = 0; i < path.length - 1; i++) {
          JsonNode child = parent.get(path[i]);
          if (child == null || !child.isObject()) {
            child = parent.putObject(path[i]);
          }
          parent = (ObjectNode) child;
        }
        parent.set(path[path.length - 1], DeviceTwinCommand.value(a.substring(eq + 1)));
      }
      return current;
    }
  }

  @Command(name = "unset", mixinStandardHelpOptions = true,
      description = "Removes settings: a group then follows the global setting again; a global setting returns to its default.")
  static final class Unset extends Scoped {
    @Parameters(paramLabel = "KEY", arity = "1..*", description = "Top-level settings to remove (ipMasking, securityMonitoring ...).")
    List<String> keys = new ArrayList<>();

    @Override
    ObjectNode change(ObjectNode current) {
      keys.forEach(current::remove);
      return current;
    }
  }

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Removes every setting of the scope: a group follows the global settings, the global settings return to the defaults.")
  static final class Reset extends Scoped {
    @Override
    ObjectNode change(ObjectNode current) {
      return JSON.createObjectNode();
    }
  }
}
