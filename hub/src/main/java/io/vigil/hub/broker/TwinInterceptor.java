package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.vigil.hub.twin.TwinService;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Hands devices' publishes on {@code $iothub/twin/...} to the {@link TwinService}, which answers the
 * device alone, and acknowledges each once it is handled. Twin topics are the same for every
 * device, so these publishes are never delivered to any subscriber.
 */
final class TwinInterceptor implements PublishInboundInterceptor {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TwinService twins;

  TwinInterceptor(TwinService twins) {
    this.twins = twins;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (!TwinService.isTwinTopic(topic)) {
      return;
    }
    String deviceId = input.getClientInformation().getClientId();
    String source = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse(null);
    byte[] body = TelemetryInterceptor.bytes(input.getPublishPacket().getPayload());
    // On timeout the publish is dropped (FAILURE), never delivered.
    Async<PublishInboundOutput> async =
        output.async(TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "twin request not handled in time");
    twins.handle(deviceId, topic, body, source).whenComplete((done, error) -> {
      if (error == null) {
        output.preventPublishDelivery(AckReasonCode.SUCCESS);
      } else {
        output.preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
            TelemetryInterceptor.reasonString("twin request failed: " + error.getMessage()));
      }
      async.resume();
    });
  }
}
