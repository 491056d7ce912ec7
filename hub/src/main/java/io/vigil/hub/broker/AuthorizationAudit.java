package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import java.time.Clock;
import java.util.Map;

/**
 * Records every publish and subscribe a device is not allowed ({@link TopicPermissions}) as an
 * {@code AuthorizationDenied} hub operation, for the agentless detections. The broker's default
 * permissions refuse them anyway; a publish is also refused here, so that it is never delivered
 * whatever the broker's configuration.
 */
final class AuthorizationAudit implements PublishInboundInterceptor, SubscribeInboundInterceptor {
  private final HubOperationLog operations;
  private final Clock clock;

  AuthorizationAudit(HubOperationLog operations, Clock clock) {
    this.operations = operations;
    this.clock = clock;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String deviceId = input.getClientInformation().getClientId();
    String topic = input.getPublishPacket().getTopic();
    if (!TopicPermissions.mayPublish(deviceId, topic)) {
      record(deviceId, "Publish", topic, input.getConnectionInformation().getMqttVersion().name());
      String reason = TelemetryTopic.parse(topic)
          .map(t -> "device '" + deviceId + "' may not publish as '" + t.deviceId() + "'")
          .orElse("device '" + deviceId + "' may not publish to '" + topic + "'");
      output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, reason);
    }
  }

  @Override
  public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
    String deviceId = input.getClientInformation().getClientId();
    for (Subscription s : input.getSubscribePacket().getSubscriptions()) {
      if (!TopicPermissions.maySubscribe(deviceId, s.getTopicFilter())) {
        record(deviceId, "Subscribe", s.getTopicFilter(), input.getConnectionInformation().getMqttVersion().name());
      }
    }
  }

  private void record(String deviceId, String activity, String topic, String mqttVersion) {
    operations.record(deviceId, new HubOperation.Operation("AuthorizationDenied", activity, "MQTT", null,
        Map.of("Topic", topic, "MqttVersion", mqttVersion)), clock.instant());
  }
}
