package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.detect.DeviceSilentDetection;
import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.settings.LiveRuleSettings;
import io.vigil.detect.settings.RuleSettings;
import io.vigil.detect.settings.RuleSettingsJson;
import io.vigil.detect.sigma.SigmaRule;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules API: {@code GET /api/v1/rules} lists every rule with whether it is on and the settings
 * entries that name it; {@code PUT /api/v1/rules/{key}} with {@code {"enabled": false, "groups":
 * {"lab": true}, "exceptions": [{"name": "...", "fields": {"User": ["backup"]}}]}} sets the entry of
 * a rule's id, name or AlertName, and {@code DELETE} removes it. A change is saved to
 * {@code DATA/rules-settings.json} and applies to the next event.
 */
public final class RuleRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the routes need: the loaded Sigma rules and the settings in force. */
  public record Rules(List<SigmaRule> rules, LiveRuleSettings settings) {}

  private RuleRoutes() {}

  static void add(RoutesConfig routes, Rules rules) {
    routes.get("/api/v1/rules", ctx -> ApiServer.json(ctx, 200, list(rules)));
    routes.put("/api/v1/rules/{key}", ctx -> withKey(ctx, rules, key -> {
      JsonNode body = ApiServer.body(ctx);
      if (body == null) {
        return;
      }
      RuleSettings.Entry entry;
      try {
        entry = RuleSettingsJson.parseEntry(body.toString(), "request body");
      } catch (IllegalArgumentException e) {
        ApiServer.error(ctx, 400, e.getMessage());
        return;
      }
      rules.settings().put(key, entry);
      ApiServer.json(ctx, 200, entry(entry));
    }));
    routes.delete("/api/v1/rules/{key}", ctx -> withKey(ctx, rules, key -> {
      rules.settings().put(key, null);
      ctx.status(204);
    }));
  }

  private static void withKey(Context ctx, Rules rules, java.util.function.Consumer<String> action) {
    String key = ctx.pathParam("key");
    boolean known = key.equals(DeviceSilentDetection.ALERT_NAME) || key.equals(DeviceSilentDetection.RULE_ID)
        || rules.rules().stream().anyMatch(r -> key.equals(r.id()) || key.equals(r.name()) || key.equals(r.alertName()));
    if (!known) {
      ApiServer.error(ctx, 404, "no rule '" + key + "': give a rule's id, name or AlertName");
      return;
    }
    action.accept(key);
  }

  private static ObjectNode list(Rules rules) {
    RuleSettings s = rules.settings().current();
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("rules");
    for (SigmaRule r : rules.rules()) {
      ObjectNode n = list.addObject();
      n.put("id", r.id()).put("name", r.name()).put("title", r.title()).put("alertName", r.alertName()).put("level", r.level())
          .put("type", r.isCorrelation() ? r.correlationType() : "detection").put("source", r.source() + ":" + r.line())
          .put("builtIn", BuiltInPack.isBuiltIn(r)).put("enabled", s.enabled(null, r.id(), r.name(), r.alertName()));
      settings(n, s, r.id(), r.name(), r.alertName());
    }
    ObjectNode silent = list.addObject();
    silent.put("id", DeviceSilentDetection.RULE_ID).put("title", "Device silent").put("alertName", DeviceSilentDetection.ALERT_NAME)
        .put("level", "low").put("type", "java").put("builtIn", true)
        .put("enabled", s.enabled(null, DeviceSilentDetection.RULE_ID, DeviceSilentDetection.ALERT_NAME))
        .put("expectedInterval", s.silentAfter(null, DeviceSilentDetection.DEFAULT_INTERVAL).toString());
    settings(silent, s, DeviceSilentDetection.RULE_ID, DeviceSilentDetection.ALERT_NAME);
    return out;
  }

  /** The settings entries that name the rule, by key. */
  private static void settings(ObjectNode n, RuleSettings s, String... keys) {
    ObjectNode entries = n.putObject("settings");
    List<String> seen = new ArrayList<>();
    for (String key : keys) {
      RuleSettings.Entry e = key == null || seen.contains(key) ? null : s.rules().get(key);
      if (e != null) {
        entries.set(key, entry(e));
        seen.add(key);
      }
    }
  }

  private static JsonNode entry(RuleSettings.Entry e) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
      RuleSettingsJson.writeEntry(g, Objects.requireNonNull(e));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    try {
      return JSON.readTree(text.toString());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
