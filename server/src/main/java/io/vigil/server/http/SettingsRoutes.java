package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.hub.settings.DataCollection;
import io.vigil.hub.settings.SettingsException;
import io.vigil.hub.settings.SettingsJson;
import io.vigil.hub.settings.SettingsOverride;
import io.vigil.model.SecurityGroup;

/**
 * The data-collection settings API. {@code GET/PUT /api/v1/settings} reads and replaces the global
 * settings (a PUT's absent fields take their defaults); {@code GET/PUT/DELETE
 * /api/v1/security-groups/{group}/settings} reads, replaces and removes a group's overrides (absent
 * fields follow the global settings). A refused body gets 400 with every problem's JSON pointer.
 */
final class SettingsRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SettingsRoutes() {}

  static void add(RoutesConfig routes, DataCollection settings) {
    routes.get("/api/v1/settings", ctx -> ApiServer.json(ctx, 200, all(settings)));
    routes.put("/api/v1/settings", ctx -> {
      JsonNode body = ApiServer.body(ctx);
      if (body != null && change(ctx, () -> settings.replaceGlobal(body))) {
        ApiServer.json(ctx, 200, all(settings));
      }
    });
    routes.get("/api/v1/security-groups/{group}/settings", ctx -> withGroup(ctx, g -> ApiServer.json(ctx, 200, group(settings, g))));
    routes.put("/api/v1/security-groups/{group}/settings", ctx -> withGroup(ctx, g -> {
      JsonNode body = ApiServer.body(ctx);
      if (body != null && change(ctx, () -> settings.replaceGroup(g, body))) {
        ApiServer.json(ctx, 200, group(settings, g));
      }
    }));
    routes.delete("/api/v1/security-groups/{group}/settings", ctx -> withGroup(ctx, g -> {
      if (settings.removeGroup(g)) {
        ctx.status(204);
      } else {
        ApiServer.error(ctx, 404, "security group '" + g + "' has no settings of its own; it follows the global settings");
      }
    }));
  }

  private static ObjectNode all(DataCollection settings) {
    ObjectNode out = settings.toJson();
    ObjectNode counts = out.putObject("unmonitoredEvents");
    settings.unmonitoredCounts().forEach(counts::put);
    ObjectNode ops = out.putObject("unmonitoredOperations");
    settings.unmonitoredOperationCounts().forEach(ops::put);
    return out;
  }

  /** A group's overrides, the settings in force for it, and what it sent while its monitoring was off. */
  private static ObjectNode group(DataCollection settings, String group) {
    ObjectNode out = JSON.createObjectNode().put("securityGroup", group);
    out.set("overrides", SettingsJson.write(settings.groupOverrides().getOrDefault(group, SettingsOverride.NONE)));
    out.set("effective", SettingsJson.write(settings.forGroup(group)));
    out.put("unmonitoredEvents", settings.unmonitoredCounts().getOrDefault(group, 0L));
    out.put("unmonitoredOperations", settings.unmonitoredOperationCounts().getOrDefault(group, 0L));
    return out;
  }

  private static void withGroup(Context ctx, java.util.function.Consumer<String> action) {
    String g = ctx.pathParam("group");
    try {
      SecurityGroup.requireValidName(g);
    } catch (IllegalArgumentException e) {
      ApiServer.error(ctx, 400, e.getMessage());
      return;
    }
    action.accept(g);
  }

  /** Runs a change; false after answering 400 with the problems. */
  private static boolean change(Context ctx, Runnable change) {
    try {
      change.run();
      return true;
    } catch (SettingsException e) {
      ObjectNode out = JSON.createObjectNode().put("error", e.getMessage());
      e.problems().forEach(out.putArray("problems")::add);
      ApiServer.json(ctx, 400, out);
      return false;
    }
  }
}
