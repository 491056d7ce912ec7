package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Adapts {@link SasAuthentication} to HiveMQ, records every CONNECT as a hub operation, and gives
 * each accepted device the {@link TopicPermissions} of its own topics (all else denied).
 */
final class SasAuthenticator implements SimpleAuthenticator {
  private final SasAuthentication authentication;
  private final HubOperationLog operations;
  private final Clock clock;

  SasAuthenticator(SasAuthentication authentication, HubOperationLog operations, Clock clock) {
    this.authentication = authentication;
    this.operations = operations;
    this.clock = clock;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    Instant now = clock.instant();
    SasAuthentication.Decision decision = authentication.check(
        connect.getClientId(), connect.getUserName(), connect.getPassword().map(SasAuthenticator::utf8), now);
    Map<String, String> details = new HashMap<>();
    details.put("AuthType", "SAS");
    details.put("MqttVersion", connect.getMqttVersion().name());
    String source = input.getConnectionInformation().getInetAddress().map(a -> a.getHostAddress()).orElse(null);
    if (decision.accepted()) {
      ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
      for (TopicPermissions.Allowed allowed : TopicPermissions.of(connect.getClientId())) {
        permissions.add(Builders.topicPermission()
            .topicFilter(allowed.topicFilter())
            .type(TopicPermission.PermissionType.ALLOW)
            .activity(allowed.publish() ? TopicPermission.MqttActivity.PUBLISH : TopicPermission.MqttActivity.SUBSCRIBE)
            .build());
      }
      permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
      output.authenticateSuccessfully();
      operations.record(connect.getClientId(), new HubOperation.Operation("Connect", "Success", "MQTT", source, details), now);
      return;
    }
    details.put("Reason", decision.reason());
    ConnackReasonCode code = decision.failure() == SasAuthentication.Failure.BAD_USERNAME
            || decision.failure() == SasAuthentication.Failure.MALFORMED_SAS
        ? ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD
        : ConnackReasonCode.NOT_AUTHORIZED;
    output.failAuthentication(code, decision.reason());
    operations.record(connect.getClientId(),
        new HubOperation.Operation("AuthFailure", decision.failure().wireName(), "MQTT", source, details), now);
  }

  private static String utf8(ByteBuffer buffer) {
    ByteBuffer copy = buffer.asReadOnlyBuffer();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
