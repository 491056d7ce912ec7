package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import io.vigil.hub.ingest.Channel;
import io.vigil.hub.ingest.TelemetryGate;
import java.time.Duration;
import java.util.Map;

/**
 * Records a message too large even for the broker's packet limit as a {@code MessageRejected /
 * MessageTooLarge} hub operation. Messages up to that limit (twice the message limit, at least 1
 * MiB) reach the {@link TelemetryInterceptor}, which refuses oversize ones with a reason; beyond
 * it the broker closes the connection itself (MQTT 5: DISCONNECT 0x95, packet too large) before
 * any interceptor sees the message, and this audit (called by the {@link ConnectionAudit}) is how
 * the refusal gets recorded.
 */
final class PacketSizeAudit {
  private final TelemetryGate gate;
  private final long maxPacketBytes;

  PacketSizeAudit(TelemetryGate gate, long maxPacketBytes) {
    this.gate = gate;
    this.maxPacketBytes = maxPacketBytes;
  }

  /** Records the refusal when the broker closed the connection because a packet was too large. */
  void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
    if (input.getReasonCode().filter(c -> c == DisconnectedReasonCode.PACKET_TOO_LARGE).isEmpty()) {
      return;
    }
    String source = input.getConnectionInformation().getInetAddress().map(a -> a.getHostAddress()).orElse(null);
    Channel channel = new Channel(Channel.MQTT, source,
        Map.of("MqttVersion", input.getConnectionInformation().getMqttVersion().name(), "Disconnected", "true"), Duration.ZERO);
    gate.tooLarge(input.getClientInformation().getClientId(), channel, maxPacketBytes, false);
  }
}
