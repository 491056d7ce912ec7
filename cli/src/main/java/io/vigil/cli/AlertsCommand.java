package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.store.QueryResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil alerts list|show|resolve|dismiss|activate}: reads alerts and changes their status through the running server. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = {"Lists alerts, shows one with its status history, and resolves, dismisses or reactivates them,"
        + " through the server running on the data dir."},
    subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Show.class, AlertsCommand.Resolve.class,
        AlertsCommand.Dismiss.class, AlertsCommand.Activate.class})
final class AlertsCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The --data-dir option and the way to the server it names. */
  static final class Server {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the running server.")
    Path dataDir;

    ServerClient client() {
      Path dir = DataDir.resolve(dataDir);
      return ServerClient.find(dir).orElseThrow(() -> new IllegalArgumentException("no server is running on " + dir
          + "; start one with 'vigil server --data-dir " + dir + "' (stored alerts can also be read with 'vigil query')"));
    }
  }

  private static JsonNode ok(ServerClient.Response r) {
    if (r.status() != 200) {
      throw new IllegalArgumentException(r.error());
    }
    return r.body();
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists alerts, latest first.")
  static final class ListAlerts implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Server server;

    @Option(names = "--status", paramLabel = "S[,S...]", description = "Only these statuses: New, Active, Resolved, Dismissed.")
    String status;

    @Option(names = "--device", paramLabel = "ID", description = "Only this device's alerts.")
    String device;

    @Option(names = "--since", paramLabel = "WHEN",
        description = "Only alerts last seen since WHEN: an instant (2026-11-22T10:00:00Z) or a time back from now (30m, 24h, 7d).")
    String since;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}, up to 1000).")
    int limit;

    @Option(names = "--format", defaultValue = "table", description = "table (default) or json (one alert per line).")
    String format;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
      if (!format.equals("table") && !format.equals("json")) {
        throw new IllegalArgumentException("--format '" + format + "' is not one of table, json");
      }
      List<String> query = new ArrayList<>();
      add(query, "status", status);
      add(query, "device", device);
      add(query, "since", since == null ? null : since(since, clock).toString());
      query.add("limit=" + limit);
      JsonNode alerts = ok(server.client().get("/api/v1/alerts?" + String.join("&", query)));
      if (format.equals("json")) {
        alerts.forEach(a -> spec.commandLine().getOut().println(a));
        return 0;
      }
      List<List<Object>> rows = new ArrayList<>();
      for (JsonNode a : alerts) {
        rows.add(List.of(a.path("systemAlertId").asText(), a.path("status").asText(), a.path("severity").asText(),
            a.path("alertName").asText(), a.path("deviceId").asText(), a.path("count").asLong(), a.path("lastSeen").asText()));
      }
      spec.commandLine().getOut().print(ResultFormat.table(new QueryResult(
          List.of("SystemAlertId", "Status", "Severity", "AlertName", "DeviceId", "Count", "LastSeen"), rows, false)));
      return 0;
    }

    private static void add(List<String> query, String name, String value) {
      if (value != null) {
        query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }

    /** An instant as given, or that long before now. */
    static Instant since(String text, Clock clock) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        try {
          return clock.instant().minus(Durations.parse(text));
        } catch (IllegalArgumentException notDuration) {
          throw new IllegalArgumentException("--since '" + text + "' is neither an instant (2026-11-22T10:00:00Z) nor a duration (30m, 24h, 7d)");
        }
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints an alert, with its status history, as JSON.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Server server;

    @Parameters(paramLabel = "ID", description = "The alert's SystemAlertId.")
    String id;

    @Override
    public Integer call() throws Exception {
      JsonNode alert = ok(server.client().get("/api/v1/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
      spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(alert));
      return 0;
    }
  }

  /** Sets an alert's status, with an optional comment, and prints the change. */
  abstract static class SetStatus implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Server server;

    @Parameters(paramLabel = "ID", description = "The alert's SystemAlertId.")
    String id;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why, kept in the alert's status history.")
    String comment;

    abstract String status();

    @Override
    public Integer call() throws Exception {
      ObjectNode body = JSON.createObjectNode().put("status", status());
      if (comment != null) {
        body.put("comment", comment);
      }
      JsonNode alert = ok(server.client().patch("/api/v1/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8), body));
      spec.commandLine().getOut().println("alert " + id + " (" + alert.path("alertName").asText() + " on " + alert.path("deviceId").asText() + "): "
          + alert.path("status").asText());
      return 0;
    }
  }

  @Command(name = "resolve", mixinStandardHelpOptions = true,
      description = "Marks an alert Resolved (dealt with); its next occurrence opens a new alert.")
  static final class Resolve extends SetStatus {
    @Override
    String status() {
      return "Resolved";
    }
  }

  @Command(name = "dismiss", mixinStandardHelpOptions = true,
      description = "Marks an alert Dismissed (not worth acting on); it absorbs further occurrences silently until its window ends.")
  static final class Dismiss extends SetStatus {
    @Override
    String status() {
      return "Dismissed";
    }
  }

  @Command(name = "activate", mixinStandardHelpOptions = true, description = "Marks an alert Active (being worked on), or reopens it.")
  static final class Activate extends SetStatus {
    @Override
    String status() {
      return "Active";
    }
  }

  private AlertsCommand() {}
}
