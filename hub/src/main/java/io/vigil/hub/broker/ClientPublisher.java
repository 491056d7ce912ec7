package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import io.vigil.hub.twin.TwinSender;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a message to one client through HiveMQ's {@code publishToClient}: other subscribers of the
 * same topic never see it. Usable once the broker has started.
 */
final class ClientPublisher implements TwinSender {
  @Override
  public CompletableFuture<Boolean> send(String deviceId, String topic, byte[] payload) {
    Publish publish = Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE).payload(ByteBuffer.wrap(payload)).build();
    return Services.publishService().publishToClient(publish, deviceId).thenApply(r -> r == PublishToClientResult.SUCCESSFUL);
  }
}
