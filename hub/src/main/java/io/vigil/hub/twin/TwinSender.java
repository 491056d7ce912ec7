package io.vigil.hub.twin;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a message to one device's MQTT client only. Twin topics are the same for every device, so
 * a twin message must never go to other subscribers of its topic.
 */
@FunctionalInterface
public interface TwinSender {
  /**
   * Sends {@code payload} on {@code topic} to the client of {@code deviceId}, QoS 1. Must not block.
   *
   * @return completes with true if the device's client took it, false if it is not connected or not
   *     subscribed to the topic; completes exceptionally if the broker failed
   */
  CompletableFuture<Boolean> send(String deviceId, String topic, byte[] payload);
}
