package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.detect.custom.CustomAlertRule;
import io.vigil.detect.custom.CustomAlertsJson;
import io.vigil.detect.custom.LiveCustomAlerts;
import io.vigil.model.SecurityGroup;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The custom alerts API: {@code GET /api/v1/security-groups/{group}/custom-alerts} gives a group's
 * rules as {@code {"securityGroup": "lab", "customAlerts": [...]}}; {@code PUT} with {@code
 * {"customAlerts": [...]}} replaces them whole (an empty array removes them). A change is saved to
 * {@code DATA/custom-alerts.json} and applies to the next event. A bad body is refused with 400 and
 * the JSON pointer of the first bad value.
 */
final class CustomAlertRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/api/v1/security-groups/{group}/custom-alerts";

  private CustomAlertRoutes() {}

  static void add(RoutesConfig routes, LiveCustomAlerts alerts) {
    routes.get(PATH, ctx -> withGroup(ctx, group -> ApiServer.json(ctx, 200, rules(group, alerts.current().rules(group)))));
    routes.put(PATH, ctx -> withGroup(ctx, group -> {
      List<CustomAlertRule> rules;
      try {
        rules = CustomAlertsJson.parseGroup(ctx.body(), "request body");
      } catch (IllegalArgumentException e) {
        ApiServer.error(ctx, 400, e.getMessage());
        return;
      }
      alerts.put(group, rules);
      ApiServer.json(ctx, 200, rules(group, alerts.current().rules(group)));
    }));
  }

  private static void withGroup(Context ctx, java.util.function.Consumer<String> action) {
    String group = ctx.pathParam("group");
    try {
      SecurityGroup.requireValidName(group);
    } catch (IllegalArgumentException e) {
      ApiServer.error(ctx, 400, e.getMessage());
      return;
    }
    action.accept(group);
  }

  private static ObjectNode rules(String group, List<CustomAlertRule> rules) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("securityGroup", group);
      g.writeFieldName("customAlerts");
      CustomAlertsJson.writeRules(g, rules);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return (ObjectNode) JSON.readTree(text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
