package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.DeviceTags;
import io.vigil.hub.registry.RegisteredDevice;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code PATCH /api/v1/devices/{id}}: changes {@code enabled} (a disabled device is disconnected)
 * and/or {@code tags}, an object whose entries set a tag or, when null, remove it. Setting {@code
 * SecurityGroup} moves the device to that group; removing it moves the device to the default group.
 */
final class DeviceUpdate {
  private static final java.util.List<String> FIELDS = java.util.List.of("enabled", "tags");

  private DeviceUpdate() {}

  static void update(Context ctx, DeviceRegistry registry, Consumer<String> disconnect) {
    ApiServer.withDevice(ctx, registry, d -> {
      JsonNode body = ApiServer.body(ctx);
      if (body == null) {
        return;
      }
      if (!ApiServer.onlyKnownFields(ctx, body, FIELDS, "the fields that can be changed are")) {
        return;
      }
      if (body.isEmpty()) {
        ApiServer.error(ctx, 400, "request body must change \"enabled\" or \"tags\"");
        return;
      }
      JsonNode enabled = body.get("enabled");
      if (enabled != null && !enabled.isBoolean()) {
        ApiServer.error(ctx, 400, "/enabled: must be true or false");
        return;
      }
      java.util.Optional<RegisteredDevice> updated;
      try {
        Map<String, String> changes = body.has("tags") ? tags(body.get("tags"), true) : Map.of();
        // One registry write for both, so a device deleted meanwhile is not half changed.
        updated = registry.update(d.deviceId(), changes, enabled == null ? null : enabled.asBoolean());
      } catch (IllegalArgumentException e) {
        ApiServer.error(ctx, 400, e.getMessage());
        return;
      }
      if (updated.isEmpty()) {
        ApiServer.error(ctx, 404, "no device '" + d.deviceId() + "'");
        return;
      }
      if (enabled != null && !enabled.asBoolean()) {
        disconnect.accept(d.deviceId());
      }
      ApiServer.json(ctx, 200, ApiServer.device(updated.get()));
    });
  }

  /**
   * The tags of a request body's {@code /tags} object, each checked.
   *
   * @param removals whether a null value (a removal) is allowed; it is kept as a null value
   * @throws IllegalArgumentException with the JSON pointer of the bad tag and what is wrong with it
   */
  static Map<String, String> tags(JsonNode tags, boolean removals) {
    if (tags == null || !tags.isObject()) {
      throw new IllegalArgumentException("/tags: must be an object of tag names to " + (removals ? "string values (null removes one)" : "string values"));
    }
    Map<String, String> out = removals ? new HashMap<>() : new LinkedHashMap<>();
    for (var e : tags.properties()) {
      String where = "/tags/" + pointer(e.getKey());
      JsonNode v = e.getValue();
      if (v.isNull() && removals) {
        out.put(e.getKey(), null);
        continue;
      }
      if (!v.isTextual()) {
        throw new IllegalArgumentException(where + ": must be a string" + (removals ? ", or null to remove the tag" : ""));
      }
      try {
        DeviceTags.check(e.getKey(), v.asText());
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(where + ": " + bad.getMessage(), bad);
      }
      out.put(e.getKey(), v.asText());
    }
    return out;
  }

  /** {@code name} escaped as one JSON pointer token (RFC 6901). */
  private static String pointer(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
