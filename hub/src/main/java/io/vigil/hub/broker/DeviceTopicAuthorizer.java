package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import java.time.Clock;
import java.util.Map;

/** Lets each device touch only its own topics ({@link TopicPermissions}); records every denial. */
final class DeviceTopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
  private final HubOperationLog operations;
  private final Clock clock;

  DeviceTopicAuthorizer(HubOperationLog operations, Clock clock) {
    this.operations = operations;
    this.clock = clock;
  }

  @Override
  public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
    String device = input.getClientInformation().getClientId();
    String topic = input.getPublishPacket().getTopic();
    if (TopicPermissions.mayPublish(device, topic)) {
      output.authorizeSuccessfully();
      return;
    }
    String reason = "device '" + device + "' may not publish to '" + topic + "'";
    output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, reason);
    deny(device, "Publish", reason);
  }

  @Override
  public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
    String device = input.getClientInformation().getClientId();
    String filter = input.getSubscription().getTopicFilter();
    if (TopicPermissions.maySubscribe(device, filter)) {
      output.authorizeSuccessfully();
      return;
    }
    String reason = "device '" + device + "' may not subscribe to '" + filter + "'";
    output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, reason);
    deny(device, "Subscribe", reason);
  }

  private void deny(String device, String operation, String reason) {
    operations.record(device,
        new HubOperation.Operation("AuthorizationDenied", operation, "MQTT", null, Map.of("Reason", reason)), clock.instant());
  }
}
