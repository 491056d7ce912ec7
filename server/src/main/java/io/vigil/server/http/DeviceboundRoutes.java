package io.vigil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.hub.broker.CloudToDevice;
import io.vigil.hub.registry.DeviceRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/v1/devices/{id}/messages/devicebound}: sends the request body to the device as a
 * cloud-to-device message over MQTT, each query parameter becoming an application property. Answers
 * 202 with {@code {"messageId": ..., "topic": ...}} once the broker holds it for the device's session;
 * 409 when the device is not connected (nothing is queued) or has not subscribed to its devicebound
 * topic (counted as rejected).
 */
final class DeviceboundRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeviceboundRoutes() {}

  static void add(RoutesConfig routes, DeviceRegistry registry, CloudToDevice c2d) {
    routes.post("/api/v1/devices/{id}/messages/devicebound", ctx -> ApiServer.withDevice(ctx, registry, d -> send(ctx, d.deviceId(), c2d)));
  }

  private static void send(Context ctx, String deviceId, CloudToDevice c2d) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > c2d.maxMessageBytes()) {
      ApiServer.error(ctx, 413, "request body: message of " + body.length + " bytes is over the limit of " + c2d.maxMessageBytes() + " bytes");
      return;
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
      if (p.getValue().size() != 1) {
        ApiServer.error(ctx, 400, "query parameter '" + p.getKey() + "': given " + p.getValue().size() + " times, a property takes one value");
        return;
      }
      properties.put(p.getKey(), p.getValue().getFirst());
    }
    CloudToDevice.Delivery delivery;
    try {
      delivery = c2d.send(deviceId, body, properties).get(10, TimeUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      ApiServer.error(ctx, 400, "query parameter " + e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ApiServer.error(ctx, 503, "interrupted while sending to device '" + deviceId + "'");
      return;
    } catch (ExecutionException | TimeoutException e) {
      ApiServer.error(ctx, 503, "the broker did not take the message for device '" + deviceId + "': " + e);
      return;
    }
    switch (delivery.outcome()) {
      case SENT -> ApiServer.json(ctx, 202, JSON.createObjectNode().put("messageId", delivery.messageId()).put("topic", delivery.topic()));
      case NOT_CONNECTED -> ApiServer.error(ctx, 409, "device '" + deviceId + "' is not connected: cloud-to-device messages are not queued");
      case NOT_SUBSCRIBED -> ApiServer.error(ctx, 409, "device '" + deviceId + "' has not subscribed to devices/" + deviceId
          + "/messages/devicebound/#: the message was not delivered (counted as rejected)");
    }
  }
}
