package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import io.vigil.hub.ingest.Channel;
import io.vigil.hub.ingest.CloudToDeviceCounters;
import io.vigil.hub.ingest.CloudToDeviceCounts;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Sends cloud-to-device messages over MQTT as IoT Hub does: at QoS 1 to the device's own session on
 * {@code devices/{id}/messages/devicebound/{url-encoded properties}}, which the device subscribes to
 * with {@code devices/{id}/messages/devicebound/#}. A device that is not connected is not sent
 * anything (there is no cloud-to-device queue). Counts what it sends and what could not be delivered;
 * {@link DeviceboundAcks} counts what the device rejects. Thread-safe; usable once the broker has started.
 */
public final class CloudToDevice {
  /** What became of a message. */
  public enum Outcome {
    /** Handed to the device's session at QoS 1. */
    SENT,
    /** The device has no connection: nothing was sent. */
    NOT_CONNECTED,
    /** The device is connected but has not subscribed to its devicebound topic: counted as rejected. */
    NOT_SUBSCRIBED
  }

  /**
   * A message's fate.
   *
   * @param messageId the id given to the message, also sent as the {@code $.mid} property
   * @param topic the topic it was (or would have been) published on
   */
  public record Delivery(Outcome outcome, String messageId, String topic) {}

  private final int maxMessageBytes;
  private final CloudToDeviceCounters counters;

  CloudToDevice(int maxMessageBytes, CloudToDeviceCounters counters) {
    this.maxMessageBytes = maxMessageBytes;
    this.counters = counters;
  }

  /** The largest message body accepted, in bytes: the hub's message size limit. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Messages sent and rejected per device and protocol. */
  public CloudToDeviceCounts counts() {
    return counters;
  }

  /**
   * Publishes {@code payload} to device {@code deviceId} with the application {@code properties}.
   *
   * @throws IllegalArgumentException if the payload is over {@link #maxMessageBytes()} or a property
   *     name is empty or starts with '$' (reserved for system properties)
   */
  public CompletableFuture<Delivery> send(String deviceId, byte[] payload, Map<String, String> properties) {
    if (payload.length > maxMessageBytes) {
      throw new IllegalArgumentException("message of " + payload.length + " bytes is over the limit of " + maxMessageBytes + " bytes");
    }
    String messageId = UUID.randomUUID().toString();
    String topic = topic(deviceId, messageId, properties);
    Publish publish = Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE).payload(ByteBuffer.wrap(payload)).build();
    return Services.clientService().isClientConnected(deviceId).thenCompose(connected -> {
      if (!connected) {
        return CompletableFuture.completedFuture(new Delivery(Outcome.NOT_CONNECTED, messageId, topic));
      }
      return Services.publishService().publishToClient(publish, deviceId).thenApply(r -> {
        if (r == PublishToClientResult.SUCCESSFUL) {
          counters.sent(deviceId, Channel.MQTT);
          return new Delivery(Outcome.SENT, messageId, topic);
        }
        counters.rejected(deviceId, Channel.MQTT);
        return new Delivery(Outcome.NOT_SUBSCRIBED, messageId, topic);
      });
    });
  }

  /**
   * The devicebound topic of a message: its system properties {@code $.mid} and {@code $.to}, then
   * the application properties, url-encoded as a query string.
   *
   * @throws IllegalArgumentException if a property name is empty or starts with '$'
   */
  static String topic(String deviceId, String messageId, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("$.mid", messageId);
    all.put("$.to", "/devices/" + deviceId + "/messages/deviceBound");
    properties.forEach((k, v) -> {
      if (k.isEmpty() || k.startsWith("$")) {
        throw new IllegalArgumentException("property name '" + k + "': must not be empty or start with '$' (reserved for system properties)");
      }
      all.put(k, v);
    });
    StringBuilder b = new StringBuilder(TopicPermissions.devicebound(deviceId));
    all.forEach((k, v) -> {
      b.append(b.charAt(b.length() - 1) == '/' ? "" : "&").append(encode(k)).append('=').append(encode(v));
    });
    return b.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
