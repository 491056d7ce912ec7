package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Device;
import io.vigil.model.WireName;
import io.vigil.server.alerts.AlertTriage;
import io.vigil.store.AlertQuery;
import io.vigil.store.AlertStatusChange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The alert API: {@code GET /api/v1/alerts?status=&device=&since=&limit=} lists alerts, latest
 * first; {@code GET /api/v1/alerts/{id}} answers one with its status history; {@code PATCH
 * /api/v1/alerts/{id}} with {@code {"status": "Active|Resolved|Dismissed", "comment": "..."}}
 * changes its status.
 */
final class AlertRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;
  static final int MAX_COMMENT = 1_000;
  /** Who changes a status: the holder of the admin token, the API's one user so far. */
  private static final String ACTOR = "admin";
  private static final String SETTABLE = "Active, Resolved, Dismissed";

  private AlertRoutes() {}

  static void add(RoutesConfig routes, AlertTriage triage) {
    routes.get("/api/v1/alerts", ctx -> list(ctx, triage));
    routes.get("/api/v1/alerts/{id}", ctx -> answer(ctx, () -> triage.find(ctx.pathParam("id")), triage));
    routes.patch("/api/v1/alerts/{id}", ctx -> change(ctx, triage));
  }

  private static void list(Context ctx, AlertTriage triage) {
    Set<AlertStatus> statuses = EnumSet.noneOf(AlertStatus.class);
    String status = ctx.queryParam("status");
    if (status != null && !status.isBlank()) {
      for (String s : status.split(",")) {
        try {
          statuses.add(WireName.parse(AlertStatus.class, s.strip()));
        } catch (IllegalArgumentException e) {
          ApiServer.error(ctx, 400, "status: " + e.getMessage());
          return;
        }
      }
    }
    String device = ctx.queryParam("device");
    if (device != null) {
      try {
        Device.requireValidId(device);
      } catch (IllegalArgumentException e) {
        ApiServer.error(ctx, 400, "device: " + e.getMessage());
        return;
      }
    }
    Instant since = null;
    String sinceText = ctx.queryParam("since");
    if (sinceText != null) {
      try {
        since = Instant.parse(sinceText);
      } catch (DateTimeParseException e) {
        ApiServer.error(ctx, 400, "since: '" + sinceText + "' is not an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        return;
      }
    }
    int limit = DEFAULT_LIMIT;
    String limitText = ctx.queryParam("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        ApiServer.error(ctx, 400, "limit: must be a whole number from 1 to " + MAX_LIMIT + ", was '" + limitText + "'");
        return;
      }
    }
    ArrayNode out = JSON.createArrayNode();
    triage.list(new AlertQuery(statuses, device, since, limit)).forEach(a -> out.add(alert(a)));
    ApiServer.json(ctx, 200, out);
  }

  private static void change(Context ctx, AlertTriage triage) {
    JsonNode body = ApiServer.body(ctx);
    if (body == null) {
      return;
    }
    for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!field.equals("status") && !field.equals("comment")) {
        ApiServer.error(ctx, 400, "/" + field + ": unknown field; only status and comment can be given");
        return;
      }
    }
    JsonNode status = body.get("status");
    if (status == null || !status.isTextual()) {
      ApiServer.error(ctx, 400, "/status: a string is required, one of " + SETTABLE);
      return;
    }
    AlertStatus to;
    try {
      to = WireName.parse(AlertStatus.class, status.asText());
    } catch (IllegalArgumentException e) {
      to = null;
    }
    if (to == null || to == AlertStatus.NEW) {
      ApiServer.error(ctx, 400, "/status: '" + status.asText() + "' is not one of " + SETTABLE);
      return;
    }
    JsonNode comment = body.get("comment");
    if (comment != null && !comment.isTextual()) {
      ApiServer.error(ctx, 400, "/comment: must be a string");
      return;
    }
    String text = comment == null ? "" : comment.asText();
    if (text.length() > MAX_COMMENT) {
      ApiServer.error(ctx, 400, "/comment: at most " + MAX_COMMENT + " characters, was " + text.length());
      return;
    }
    AlertStatus target = to;
    answer(ctx, () -> triage.change(ctx.pathParam("id"), target, ACTOR, text), triage);
  }

  private static void answer(Context ctx, java.util.function.Supplier<Alert> alert, AlertTriage triage) {
    try {
      Alert a = alert.get();
      ObjectNode out = alert(a);
      ArrayNode history = out.putArray("history");
      triage.history(a.systemAlertId()).forEach(c -> history.add(change(c)));
      ApiServer.json(ctx, 200, out);
    } catch (AlertTriage.Refused e) {
      ApiServer.error(ctx, e.status(), e.getMessage());
    }
  }

  static ObjectNode alert(Alert a) {
    ObjectNode n = JSON.createObjectNode()
        .put("systemAlertId", a.systemAlertId())
        .put("alertName", a.alertName())
        .put("displayName", a.displayName())
        .put("severity", a.severity().wireName())
        .put("status", a.status().wireName())
        .put("deviceId", a.deviceId())
        .put("count", a.count())
        .put("firstSeen", a.firstSeen().toString())
        .put("lastSeen", a.lastSeen().toString())
        .put("timeGenerated", a.timeGenerated().toString())
        .put("ruleId", a.ruleId())
        .put("description", a.description())
        .put("remediationSteps", a.remediationSteps());
    ObjectNode entities = n.putObject("entities");
    a.entities().forEach(entities::put);
    ObjectNode extended = n.putObject("extendedProperties");
    a.extendedProperties().forEach(extended::put);
    strings(n.putArray("tactics"), a.tactics());
    strings(n.putArray("techniques"), a.techniques());
    return n;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static ObjectNode change(AlertStatusChange c) {
    return JSON.createObjectNode()
        .put("timeGenerated", c.timeGenerated().toString())
        .put("oldStatus", c.oldStatus().wireName())
        .put("newStatus", c.newStatus().wireName())
        .put("actor", c.actor())
        .put("comment", c.comment());
  }
}
