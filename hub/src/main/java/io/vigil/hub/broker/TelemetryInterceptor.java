package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.WireException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decodes and validates security messages on the inbound path and acknowledges each only once the
 * {@link IngestSink} has stored it. An invalid message is refused with PUBACK reason code 0x99
 * (payload format invalid) and the located errors as the reason string, and recorded as a hub
 * operation. MQTT 3 has no negative PUBACK, so there an invalid message is acknowledged, recorded
 * and not stored (see {@link #refuseInvalid}). Telemetry that is not a security message is counted
 * and not stored. Nothing is forwarded to subscribers.
 */
final class TelemetryInterceptor implements PublishInboundInterceptor {
  /** MQTT reason strings should stay short; the full list of errors is in the hub operation. */
  private static final int MAX_REASON = 1000;

  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

  private final DeviceRegistry registry;
  private final SecurityMessageCodec codec;
  private final IngestSink sink;
  private final HubOperationLog operations;
  private final Clock clock;
  private final LongAdder otherTelemetry = new LongAdder();

  TelemetryInterceptor(
      DeviceRegistry registry, SecurityMessageCodec codec, IngestSink sink, HubOperationLog operations, Clock clock) {
    this.registry = registry;
    this.codec = codec;
    this.sink = sink;
    this.operations = operations;
    this.clock = clock;
  }

  /** Telemetry messages received that were not security messages. */
  long otherTelemetry() {
    return otherTelemetry.sum();
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    Optional<TelemetryTopic> topic = TelemetryTopic.parse(input.getPublishPacket().getTopic());
    if (topic.isEmpty()) {
      return;
    }
    String deviceId = input.getClientInformation().getClientId();
    if (!topic.get().deviceId().equals(deviceId)) {
      // The default permissions already deny this; refusing here too keeps one device's events from
      // ever being filed under another's id, whatever the broker's configuration.
      output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "device '" + deviceId + "' may not publish as '" + topic.get().deviceId() + "'");
      return;
    }
    if (!topic.get().isSecurityMessage()) {
      otherTelemetry.increment();
      output.preventPublishDelivery(AckReasonCode.SUCCESS);
      return;
    }
    Instant received = clock.instant();
    Optional<RegisteredDevice> device = registry.find(deviceId);
    if (device.isEmpty()) {
      output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "device '" + deviceId + "' is no longer registered");
      return;
    }
    SecurityMessage message;
    try {
      message = codec.decode(bytes(input.getPublishPacket().getPayload()));
    } catch (WireException e) {
      MqttVersion version = input.getConnectionInformation().getMqttVersion();
      refuseInvalid(version, e.getMessage(), output);
      operations.record(deviceId, new HubOperation.Operation("MessageRejected", "InvalidMessage", "MQTT", null,
          Map.of("Reason", e.getMessage(), "MqttVersion", version.name())), received);
      return;
    }
    Async<PublishInboundOutput> async =
        output.async(STORE_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "not stored in time");
    sink.accept(device.get().device(), message, received).whenComplete((ok, error) -> {
      if (error == null) {
        output.preventPublishDelivery(AckReasonCode.SUCCESS);
      } else {
        output.preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, reasonString("not stored: " + error.getMessage()));
      }
      async.resume();
    });
  }

  /**
   * Refuses an invalid message. MQTT 5 clients get reason code 0x99 and the reason. An MQTT 3 PUBACK
   * cannot refuse, and HiveMQ disconnects an MQTT 3 client whose publish fails; IoT Hub clients (the
   * Azure IoT device SDKs, Paho with a persistent session) then reconnect and resend the same message
   * again and again (the Azure SDK for Java about three times a second). The message can never become
   * valid, so an MQTT 3 client gets a plain PUBACK, and the refusal is in the hub operation.
   */
  private static void refuseInvalid(MqttVersion version, String reason, PublishInboundOutput output) {
    if (version == MqttVersion.V_5) {
      output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID, reasonString(reason));
    } else {
      output.preventPublishDelivery(AckReasonCode.SUCCESS);
    }
  }

  /**
   * {@code text} fit for an MQTT reason string: one line (clients such as Paho drop the connection
   * on control characters) and at most {@value #MAX_REASON} characters.
   */
  static String reasonString(String text) {
    String line = text.replace("\r\n", "; ").replace("\n", "; ").replaceAll("\\p{Cntrl}", " ");
    return line.length() > MAX_REASON ? line.substring(0, MAX_REASON - 3) + "..." : line;
  }

  /** The payload's bytes; empty when there is none. */
  static byte[] bytes(Optional<ByteBuffer> payload) {
    if (payload.isEmpty()) {
      return new byte[0];
    }
    ByteBuffer copy = payload.get().asReadOnlyBuffer();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
