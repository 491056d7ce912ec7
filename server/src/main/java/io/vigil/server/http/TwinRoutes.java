package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.twin.TwinException;
import io.vigil.hub.twin.TwinService;
import java.util.Iterator;

/**
 * The device twin API: {@code GET /api/v1/devices/{id}/twin} answers the twin, and
 * {@code PATCH /api/v1/devices/{id}/twin} with {@code {"desired": {...merge patch...}}} changes the
 * desired properties, sends the change to the device, and answers the new twin.
 */
final class TwinRoutes {
  private TwinRoutes() {}

  static void add(RoutesConfig routes, DeviceRegistry registry, TwinService twins) {
    routes.get("/api/v1/devices/{id}/twin", ctx -> ApiServer.withDevice(ctx, registry, d -> answer(ctx, () -> twins.get(d.deviceId()))));
    routes.patch("/api/v1/devices/{id}/twin", ctx -> ApiServer.withDevice(ctx, registry, d -> {
      JsonNode body = ApiServer.body(ctx);
      if (body == null) {
        return;
      }
      for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
        String field = fields.next();
        if (!field.equals("desired")) {
          ApiServer.error(ctx, 400, "/" + field + ": only \"desired\" can be changed");
          return;
        }
      }
      JsonNode desired = body.get("desired");
      if (desired == null) {
        ApiServer.error(ctx, 400, "/desired: a JSON object (a merge patch of the desired properties) is required");
        return;
      }
      answer(ctx, () -> twins.updateDesired(d.deviceId(), desired));
    }));
  }

  private static void answer(Context ctx, java.util.function.Supplier<io.vigil.hub.twin.Twin> twin) {
    try {
      ApiServer.json(ctx, 200, twin.get().toJson());
    } catch (TwinException e) {
      ApiServer.error(ctx, e.status(), e.getMessage());
    }
  }
}
