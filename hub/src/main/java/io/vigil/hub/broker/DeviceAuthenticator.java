package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.vigil.hub.ca.Thumbprint;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adapts {@link DeviceAuthentication} to HiveMQ: reads the CONNECT and the client certificate of the
 * TLS handshake, records every CONNECT as a hub operation ({@code Connect/Success} or
 * {@code AuthFailure/<reason>}, with the {@code AuthType} SAS or X509), and gives each accepted
 * device the {@link TopicPermissions} of its own topics (all else denied).
 */
final class DeviceAuthenticator implements SimpleAuthenticator {
  private final DeviceAuthentication authentication;
  private final HubOperationLog operations;
  private final Clock clock;
  private final ConnectionFilter filter;

  DeviceAuthenticator(DeviceAuthentication authentication, HubOperationLog operations, Clock clock) {
    this(authentication, operations, clock, ConnectionFilter.allowAll());
  }

  /** @param filter the IP filter, checked before the credentials */
  DeviceAuthenticator(DeviceAuthentication authentication, HubOperationLog operations, Clock clock, ConnectionFilter filter) {
    this.authentication = authentication;
    this.operations = operations;
    this.clock = clock;
    this.filter = filter;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    Instant now = clock.instant();
    if (refusedByFilter(input, output, connect, now)) {
      return;
    }
    List<X509Certificate> chain = clientChain(input.getConnectionInformation().getClientTlsInformation());
    AuthDecision decision = authentication.check(
        connect.getClientId(), connect.getUserName(), connect.getPassword().map(DeviceAuthenticator::utf8), chain, now);
    Map<String, String> details = new HashMap<>();
    details.put("AuthType", decision.method());
    details.put("MqttVersion", connect.getMqttVersion().name());
    if (!chain.isEmpty()) {
      details.put("CertificateSubject", chain.getFirst().getSubjectX500Principal().getName());
      details.put("CertificateThumbprint", Thumbprint.sha256(chain.getFirst()).hex());
    }
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
      input.getConnectionInformation().getConnectionAttributeStore().putAsString(ConnectionAudit.AUTH_TYPE, decision.method());
      operations.record(connect.getClientId(), new HubOperation.Operation("Connect", "Success", "MQTT", source, details), now);
      return;
    }
    details.put("Reason", decision.reason());
    ConnackReasonCode code = decision.failure() == AuthFailure.BAD_USERNAME || decision.failure() == AuthFailure.MALFORMED_SAS
        ? ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD
        : ConnackReasonCode.NOT_AUTHORIZED;
    output.failAuthentication(code, TelemetryInterceptor.reasonString(decision.reason()));
    operations.record(connect.getClientId(),
        new HubOperation.Operation("AuthFailure", decision.failure().wireName(), "MQTT", source, details), now);
  }

  /**
   * Refuses the CONNECT with 0x8A (banned) and records {@code Connect/IpFilterRejected} when the IP
   * filter refuses its source address; false when the connection may go on.
   */
  private boolean refusedByFilter(SimpleAuthInput input, SimpleAuthOutput output, ConnectPacket connect, Instant now) {
    java.net.InetAddress address = input.getConnectionInformation().getInetAddress().orElse(null);
    Optional<String> refusal = filter.refusal(connect.getClientId(), address);
    if (refusal.isEmpty()) {
      return false;
    }
    output.failAuthentication(ConnackReasonCode.BANNED, TelemetryInterceptor.reasonString(refusal.get()));
    operations.record(connect.getClientId(), new HubOperation.Operation("Connect", "IpFilterRejected", "MQTT",
        address == null ? null : address.getHostAddress(),
        Map.of("Reason", refusal.get(), "MqttVersion", connect.getMqttVersion().name())), now);
    return true;
  }

  /** The client certificate first, then the rest of the chain it sent; empty without TLS or without a client certificate. */
  static List<X509Certificate> clientChain(Optional<ClientTlsInformation> tls) {
    if (tls.isEmpty()) {
      return List.of();
    }
    Optional<X509Certificate[]> chain = tls.get().getClientCertificateChain();
    if (chain.isPresent() && chain.get().length > 0) {
      return List.of(chain.get());
    }
    return tls.get().getClientCertificate().map(List::of).orElse(List.of());
  }

  private static String utf8(ByteBuffer buffer) {
    ByteBuffer copy = buffer.asReadOnlyBuffer();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
