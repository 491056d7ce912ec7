package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the end of every authenticated MQTT connection as a {@code Disconnect} hub operation,
 * with the fields of its {@code Connect} (source IP, protocol, {@code AuthType}, {@code MqttVersion})
 * and the reason when there is one. The result says who ended it: {@code ClientInitiated} (a
 * DISCONNECT packet), {@code ServerInitiated} (the broker closed it: device disabled or deleted,
 * session taken over, packet too large ...) or {@code ConnectionLost} (the TCP connection dropped
 * without a DISCONNECT, or the keep-alive ran out). A connection refused at CONNECT is not recorded
 * here: its {@code AuthFailure} is.
 *
 * <p>Also hands server-initiated disconnects to the {@link PacketSizeAudit}. HiveMQ calls it on its
 * own threads; it keeps no state (the auth type travels in the connection's attribute store).
 */
final class ConnectionAudit implements ClientLifecycleEventListener {
  /** The connection attribute under which {@link DeviceAuthenticator} leaves the accepted auth type. */
  static final String AUTH_TYPE = "vigil.AuthType";

  private final HubOperationLog operations;
  private final PacketSizeAudit packetSize;
  private final Clock clock;

  ConnectionAudit(HubOperationLog operations, PacketSizeAudit packetSize, Clock clock) {
    this.operations = operations;
    this.packetSize = packetSize;
    this.clock = clock;
  }

  @Override
  public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
    record(input, "ClientInitiated");
  }

  @Override
  public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
    packetSize.onServerInitiatedDisconnect(input);
    record(input, "ServerInitiated");
  }

  @Override
  public void onConnectionLost(ConnectionLostInput input) {
    record(input, "ConnectionLost");
  }

  @Override
  public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {
    // Recorded as AuthFailure (or Connect/IpFilterRejected) by the authenticator.
  }

  @Override
  public void onMqttConnectionStart(ConnectionStartInput input) {}

  @Override
  public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

  @Override
  public void onDisconnect(DisconnectEventInput input) {
    // Every kind of disconnect has its own method above.
  }

  private void record(DisconnectEventInput input, String result) {
    ConnectionInformation connection = input.getConnectionInformation();
    String authType = connection.getConnectionAttributeStore().getAsString(AUTH_TYPE).orElse(null);
    if (authType == null) {
      return; // never authenticated: its refusal is recorded already
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("AuthType", authType);
    details.put("MqttVersion", connection.getMqttVersion().name());
    input.getReasonCode().ifPresent(code -> details.put("ReasonCode", code.name()));
    input.getReasonString().ifPresent(reason -> details.put("Reason", TelemetryInterceptor.reasonString(reason)));
    String source = connection.getInetAddress().map(a -> a.getHostAddress()).orElse(null);
    operations.record(input.getClientInformation().getClientId(),
        new HubOperation.Operation("Disconnect", result, "MQTT", source, details), clock.instant());
  }
}
