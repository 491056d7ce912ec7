package io.vigil.hub.ingest;

import io.vigil.model.Device;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.ItemText;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Where the hub hands accepted security messages.
 *
 * <p>The hub acknowledges a message to its sender (MQTT PUBACK, HTTP 2xx) only when the returned
 * future completes normally, so an implementation completes it only once the message is durable.
 */
@FunctionalInterface
public interface IngestSink {
  /**
   * Takes a validated message from an authenticated device. Must not block.
   *
   * @return completes when the message is durably stored; completes exceptionally if it was not
   */
  CompletableFuture<Void> accept(Device device, SecurityMessage message, Instant received);

  /**
   * As {@link #accept(Device, SecurityMessage, Instant)}, for a message that came over {@code protocol}
   * ({@code MQTT} or {@code HTTPS}): what the hub calls. By default the protocol is not kept.
   */
  default CompletableFuture<Void> accept(Device device, SecurityMessage message, Instant received, String protocol) {
    return accept(device, message, received);
  }

  /**
   * As {@link #accept(Device, SecurityMessage, Instant, String)}, with the payload items as the
   * device wrote them, for storing them as they came: what the hub calls. By default the text is
   * not used.
   */
  default CompletableFuture<Void> accept(Device device, SecurityMessage message, ItemText items, Instant received, String protocol) {
    return accept(device, message, received, protocol);
  }
}
