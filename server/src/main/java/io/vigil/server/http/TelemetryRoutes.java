package io.vigil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.vigil.hub.ingest.CloudToDeviceCounts;
import io.vigil.hub.ingest.TelemetryCounts;
import io.vigil.hub.registry.DeviceRegistry;

/**
 * {@code GET /api/v1/devices/{id}/telemetry}: how much telemetry other than security messages the
 * device sent since the server started, per protocol: {@code {"deviceId": "gw-1", "protocols":
 * {"MQTT": {"messages": 12, "bytes": 3400}}, "cloudToDevice": {"MQTT": {"sent": 3, "rejected": 1}}}}: also the
 * cloud-to-device messages the hub sent it and those it rejected. These messages are counted, not stored.
 */
final class TelemetryRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TelemetryRoutes() {}

  static void add(RoutesConfig routes, DeviceRegistry registry, TelemetryCounts telemetry, CloudToDeviceCounts c2d) {
    routes.get("/api/v1/devices/{id}/telemetry", ctx -> ApiServer.withDevice(ctx, registry, d -> {
      ObjectNode out = JSON.createObjectNode().put("deviceId", d.deviceId());
      ObjectNode protocols = out.putObject("protocols");
      telemetry.of(d.deviceId()).forEach((protocol, count) ->
          protocols.putObject(protocol).put("messages", count.messages()).put("bytes", count.bytes()));
      ObjectNode cloudToDevice = out.putObject("cloudToDevice");
      c2d.of(d.deviceId()).forEach((protocol, count) ->
          cloudToDevice.putObject(protocol).put("sent", count.sent()).put("rejected", count.rejected()));
      ApiServer.json(ctx, 200, out);
    }));
  }
}
