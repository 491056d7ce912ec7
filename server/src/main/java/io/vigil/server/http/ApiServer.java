package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.detect.custom.CustomAlerts;
import io.vigil.detect.custom.LiveCustomAlerts;
import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.broker.CloudToDevice;
import io.vigil.hub.ingest.CloudToDeviceCounts;
import io.vigil.hub.ingest.TelemetryCounts;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.hub.twin.TwinException;
import io.vigil.hub.twin.TwinService;
import io.vigil.server.alerts.AlertTriage;
import io.vigil.store.QueryException;
import io.vigil.store.QueryResult;
import io.vigil.store.Workspace;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The HTTP surface: {@code /healthz} and the REST API under {@code /api/v1}, which requires the
 * bearer token.
 */
public final class ApiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_MAX_ROWS = 10_000;

  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  /**
   * What the API serves. The first nine are required; the others default to none and are added with
   * the {@code with...} methods.
   *
   * @param connectionString makes a device's connection string
   * @param disconnect closes a device's MQTT connection (after it is disabled or deleted)
   * @param twins the device twins, deleted with their devices
   * @param cas the CAs registered for device certificates
   * @param ca Vigil's own CA, which issues device certificates
   * @param alerts reads alerts and changes their status
   * @param rules the loaded rules and their settings, for {@code /api/v1/rules}
   * @param settings the data-collection settings, changed live through the API; null for no settings API
   * @param telemetry the devices' counts of other telemetry, per protocol
   * @param customAlerts the custom alert rules, for {@code /api/v1/security-groups/{group}/custom-alerts}
   * @param c2d the broker's cloud-to-device messages ({@code POST /api/v1/devices/{id}/messages/devicebound}
   *     and their counts in {@code /api/v1/devices/{id}/telemetry}); null for none
   */
  public record Parts(
      DeviceRegistry registry,
      Workspace workspace,
      Function<RegisteredDevice, String> connectionString,
      Consumer<String> disconnect,
      TwinService twins,
      CaRegistry cas,
      CertificateAuthority ca,
      AlertTriage alerts,
      RuleRoutes.Rules rules,
      io.vigil.hub.settings.DataCollection settings,
      TelemetryCounts telemetry,
      LiveCustomAlerts customAlerts,
      CloudToDevice c2d) {

    /** The required parts; no settings API, no telemetry counts, no custom alerts, no cloud-to-device messages. */
    public static Parts of(DeviceRegistry registry, Workspace workspace, Function<RegisteredDevice, String> connectionString,
        Consumer<String> disconnect, TwinService twins, CaRegistry cas, CertificateAuthority ca, AlertTriage alerts,
        RuleRoutes.Rules rules) {
      return new Parts(registry, workspace, connectionString, disconnect, twins, cas, ca, alerts, rules, null,
          id -> java.util.Map.of(), LiveCustomAlerts.inMemory(CustomAlerts.none()), null);
    }

    public Parts withSettings(io.vigil.hub.settings.DataCollection s) {
      return new Parts(registry, workspace, connectionString, disconnect, twins, cas, ca, alerts, rules, s, telemetry, customAlerts, c2d);
    }

    public Parts withTelemetry(TelemetryCounts t) {
      return new Parts(registry, workspace, connectionString, disconnect, twins, cas, ca, alerts, rules, settings, t, customAlerts, c2d);
    }

    public Parts withCustomAlerts(LiveCustomAlerts c) {
      return new Parts(registry, workspace, connectionString, disconnect, twins, cas, ca, alerts, rules, settings, telemetry, c, c2d);
    }

    public Parts withCloudToDevice(CloudToDevice c) {
      return new Parts(registry, workspace, connectionString, disconnect, twins, cas, ca, alerts, rules, settings, telemetry, customAlerts, c);
    }
  }

  /**
   * Starts serving {@code parts} on {@code host:port} (port 0 picks a free one).
   *
   * @param authorized tells whether a presented bearer token is valid
   */
  public static ApiServer start(String host, int port, Predicate<String> authorized, Parts parts) {
    DeviceRegistry registry = parts.registry();
    Workspace workspace = parts.workspace();
    Function<RegisteredDevice, String> connectionString = parts.connectionString();
    Consumer<String> disconnect = parts.disconnect();
    TwinService twins = parts.twins();
    CaRegistry cas = parts.cas();
    CertificateAuthority ca = parts.ca();
    AlertTriage alerts = parts.alerts();
    RuleRoutes.Rules rules = parts.rules();
    io.vigil.hub.settings.DataCollection settings = parts.settings();
    TelemetryCounts telemetry = parts.telemetry();
    LiveCustomAlerts customAlerts = parts.customAlerts();
    CloudToDevice c2d = parts.c2d();
    Javalin app = Javalin.create(cfg -> {
      cfg.jetty.host = host;
      cfg.jetty.port = port;
      cfg.startup.showJavalinBanner = false;
      cfg.routes.get("/healthz", ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "ok")));
      cfg.routes.before("/api/*", ctx -> {
        String header = ctx.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
        if (!authorized.test(token)) {
          ctx.skipRemainingHandlers();
          error(ctx, 401, header == null ? "missing Authorization: Bearer <token>" : "invalid API token");
        }
      });
      cfg.routes.post("/api/v1/query", ctx -> query(ctx, workspace));
      cfg.routes.get("/api/v1/devices", ctx -> json(ctx, 200, devices(registry.list())));
      cfg.routes.post("/api/v1/devices", ctx -> DeviceCreation.create(ctx, registry, ca, connectionString));
      cfg.routes.get("/api/v1/devices/{id}", ctx -> withDevice(ctx, registry, d -> json(ctx, 200, device(d))));
      cfg.routes.patch("/api/v1/devices/{id}", ctx -> DeviceUpdate.update(ctx, registry, disconnect));
      cfg.routes.delete("/api/v1/devices/{id}", ctx -> withDevice(ctx, registry, d -> deleteDevice(ctx, d.deviceId(), registry, disconnect, twins)));
      cfg.routes.post("/api/v1/devices/{id}/keys/rotate", ctx -> rotateKey(ctx, registry, connectionString));
      TwinRoutes.add(cfg.routes, registry, twins);
      CaRoutes.add(cfg.routes, cas);
      AlertRoutes.add(cfg.routes, alerts);
      RuleRoutes.add(cfg.routes, rules);
      CustomAlertRoutes.add(cfg.routes, customAlerts);
      RiskRoutes.add(cfg.routes, registry, workspace);
      if (settings != null) {
        SettingsRoutes.add(cfg.routes, settings);
      }
      TelemetryRoutes.add(cfg.routes, registry, telemetry, c2d == null ? CloudToDeviceCounts.none() : c2d.counts());
      if (c2d != null) {
        DeviceboundRoutes.add(cfg.routes, registry, c2d);
      }
    });
    app.start();
    return new ApiServer(app);
  }

  public int port() {
    return app.port();
  }

  private static void query(Context ctx, Workspace workspace) {
    JsonNode body = body(ctx);
    if (body == null) {
      return;
    }
    JsonNode sql = body.get("sql");
    if (sql == null || !sql.isTextual()) {
      error(ctx, 400, "/sql: a string is required");
      return;
    }
    int maxRows = body.path("maxRows").asInt(DEFAULT_MAX_ROWS);
    if (maxRows < 1 || maxRows > DEFAULT_MAX_ROWS) {
      error(ctx, 400, "/maxRows: must be between 1 and " + DEFAULT_MAX_ROWS);
      return;
    }
    JsonNode name = body.path("workspace");
    if (!name.isMissingNode() && !name.isTextual()) {
      error(ctx, 400, "/workspace: must be a workspace name");
      return;
    }
    java.util.Optional<Workspace> target = workspace.named(name.asText("default"));
    if (target.isEmpty()) {
      error(ctx, 404, "/workspace: no workspace '" + name.asText() + "' (one exists once a security group's data was written to it)");
      return;
    }
    try {
      QueryResult r = target.get().query(sql.asText(), maxRows);
      ObjectNode out = JSON.createObjectNode();
      r.columns().forEach(out.putArray("columns")::add);
      ArrayNode rows = out.putArray("rows");
      for (List<Object> row : r.rows()) {
        ArrayNode a = rows.addArray();
        row.forEach(v -> a.add(JSON.valueToTree(v)));
      }
      out.put("truncated", r.truncated());
      json(ctx, 200, out);
    } catch (QueryException e) {
      error(ctx, 400, e.getMessage());
    }
  }

  /** Removes the device from the registry first, so that no twin request recreates its twin once deleted. */
  private static void deleteDevice(Context ctx, String deviceId, DeviceRegistry registry, Consumer<String> disconnect, TwinService twins) {
    registry.delete(deviceId);
    disconnect.accept(deviceId);
    try {
      twins.delete(deviceId);
      ctx.status(204);
    } catch (TwinException e) {
      error(ctx, e.status(), "device '" + deviceId + "' deleted, but not its twin: " + e.getMessage());
    }
  }

  /** Runs {@code action} on the device named by the path, or answers 404. */
  static void withDevice(Context ctx, DeviceRegistry registry, Consumer<RegisteredDevice> action) {
    String id = ctx.pathParam("id");
    registry.find(id).ifPresentOrElse(action, () -> error(ctx, 404, "no device '" + id + "'"));
  }

  private static void rotateKey(Context ctx, DeviceRegistry registry, Function<RegisteredDevice, String> connectionString) {
    withDevice(ctx, registry, d -> {
      JsonNode body = body(ctx);
      if (body == null) {
        return;
      }
      String which = body.path("key").asText("");
      if (!which.equals("primary") && !which.equals("secondary")) {
        error(ctx, 400, "/key: must be \"primary\" or \"secondary\"");
        return;
      }
      boolean secondary = which.equals("secondary");
      RegisteredDevice rotated;
      try {
        rotated = registry.rotateKey(d.deviceId(), secondary);
      } catch (IllegalArgumentException e) {
        error(ctx, 400, e.getMessage());
        return;
      }
      ObjectNode out = device(rotated);
      out.put("rotated", which);
      // The connection string with the key just made, so the device can move to it.
      String primary = connectionString.apply(rotated);
      out.put("connectionString", secondary
          ? primary.replace("SharedAccessKey=" + rotated.primaryKey(), "SharedAccessKey=" + rotated.secondaryKey())
          : primary);
      json(ctx, 200, out);
    });
  }

  private static ArrayNode devices(List<RegisteredDevice> all) {
    ArrayNode out = JSON.createArrayNode();
    all.forEach(d -> out.add(device(d)));
    return out;
  }

  static ObjectNode device(RegisteredDevice r) {
    var d = r.device();
    ObjectNode n = JSON.createObjectNode()
        .put("deviceId", d.deviceId())
        .put("securityGroup", d.securityGroup())
        .put("authType", d.authType().wireName())
        .put("enabled", d.enabled())
        .put("createdAt", d.createdAt().toString());
    if (r.primaryThumbprint() != null) {
      n.put("primaryThumbprint", r.primaryThumbprint().hex());
    }
    if (r.secondaryThumbprint() != null) {
      n.put("secondaryThumbprint", r.secondaryThumbprint().hex());
    }
    ObjectNode tags = n.putObject("tags");
    new java.util.TreeMap<>(d.tags()).forEach(tags::put);
    return n;
  }

  /**
   * Answers 400 naming the first field of {@code body} that is not in {@code known}, and returns
   * false then; true when every field is known.
   *
   * @param knownAre how the message introduces the known fields, e.g. "known fields are"
   */
  static boolean onlyKnownFields(Context ctx, JsonNode body, List<String> known, String knownAre) {
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        error(ctx, 400, "/" + name.replace("~", "~0").replace("/", "~1") + ": unknown field; " + knownAre + " " + known);
        return false;
      }
    }
    return true;
  }

  /** The parsed JSON body, or null after answering 400 with where it is malformed. */
  static JsonNode body(Context ctx) {
    try {
      JsonNode n = JSON.readTree(ctx.body());
      if (n == null || !n.isObject()) {
        error(ctx, 400, "request body must be a JSON object");
        return null;
      }
      return n;
    } catch (JsonProcessingException e) {
      error(ctx, 400, "request body is not valid JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
      return null;
    }
  }

  static void error(Context ctx, int status, String message) {
    json(ctx, status, JSON.createObjectNode().put("error", message));
  }

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  @Override
  public void close() {
    app.stop();
  }
}
