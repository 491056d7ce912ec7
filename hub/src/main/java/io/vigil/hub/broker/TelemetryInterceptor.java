package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.vigil.hub.ingest.Channel;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.hub.ingest.Refusal;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.hub.ingest.Verdict;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Passes device-to-cloud telemetry through the {@link TelemetryGate} (size limit, the device's rate
 * limit, decoding and validation of security messages) and acknowledges a security message only
 * once the {@link IngestSink} has stored it. Nothing is forwarded to subscribers.
 *
 * <p>Refusals on MQTT 5: an invalid or oversize message gets PUBACK reason code 0x99 (payload format
 * invalid), a device over its rate limit 0x97 (quota exceeded), each with the reason as the reason
 * string. MQTT 3.1.1 has no negative PUBACK (see {@link #refuse}): an invalid or oversize message is
 * acknowledged and not stored, as it can never become valid; a message over the rate limit is held
 * and acknowledged late (traffic shaping, up to {@link #MQTT3_MAX_HOLD}); past that it is not
 * acknowledged and the client is disconnected, so that it resends the message after reconnecting.
 * Every refusal is a hub operation. Telemetry that is not a security message is counted per device
 * and protocol, not stored.
 */
final class TelemetryInterceptor implements PublishInboundInterceptor {
  /** MQTT reason strings should stay short; the full list of errors is in the hub operation. */
  private static final int MAX_REASON = 1000;

  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

  /** How long an MQTT 3.1.1 message over the rate limit may be held; past it, the client is disconnected. */
  static final Duration MQTT3_MAX_HOLD = Duration.ofSeconds(5);

  private static final int MAX_TOPICS = 100_000;
  private static final int MAX_CACHED_TOPIC = 256;

  private final java.util.concurrent.ConcurrentHashMap<String, TelemetryTopic> topics = new java.util.concurrent.ConcurrentHashMap<>();
  private final DeviceRegistry registry;
  private final TelemetryGate gate;
  private final IngestSink sink;
  private final Clock clock;

  TelemetryInterceptor(DeviceRegistry registry, TelemetryGate gate, IngestSink sink, Clock clock) {
    this.registry = registry;
    this.gate = gate;
    this.sink = sink;
    this.clock = clock;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    Optional<TelemetryTopic> topic = topic(input.getPublishPacket().getTopic());
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
    Optional<RegisteredDevice> device = registry.find(deviceId);
    if (device.isEmpty()) {
      output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "device '" + deviceId + "' is no longer registered");
      return;
    }
    MqttVersion version = input.getConnectionInformation().getMqttVersion();
    String source = input.getConnectionInformation().getInetAddress().map(a -> a.getHostAddress()).orElse(null);
    Channel channel = new Channel(Channel.MQTT, source, Map.of("MqttVersion", version.name()),
        version == MqttVersion.V_5 ? Duration.ZERO : MQTT3_MAX_HOLD);
    Verdict verdict = gate.admit(deviceId, channel, bytes(input.getPublishPacket().getPayload()), topic.get().isSecurityMessage());
    switch (verdict) {
      case Verdict.Refused r -> refuse(deviceId, version, r, output);
      case Verdict.Counted c -> {
        if (c.after().isZero()) {
          output.preventPublishDelivery(AckReasonCode.SUCCESS);
        } else {
          Async<PublishInboundOutput> async = output.async(STORE_TIMEOUT, TimeoutFallback.FAILURE);
          CompletableFuture.runAsync(() -> {
            output.preventPublishDelivery(AckReasonCode.SUCCESS);
            async.resume();
          }, delayed(c.after()));
        }
      }
      case Verdict.Store s -> store(device.get(), s, channel, output);
    }
  }

  /**
   * The parsed topic: a device publishes telemetry to the same topic again and again, so short
   * telemetry topics are kept, at most {@value #MAX_TOPICS} (then the cache starts over). Other
   * topics (twin requests carry a new request id each time) are parsed and not kept.
   */
  private Optional<TelemetryTopic> topic(String name) {
    TelemetryTopic cached = topics.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<TelemetryTopic> parsed = TelemetryTopic.parse(name);
    if (parsed.isPresent() && name.length() <= MAX_CACHED_TOPIC) {
      if (topics.size() >= MAX_TOPICS) {
        topics.clear();
      }
      topics.put(name, parsed.get());
    }
    return parsed;
  }

  private void store(RegisteredDevice device, Verdict.Store s, Channel channel, PublishInboundOutput output) {
    Instant received = clock.instant();
    Async<PublishInboundOutput> async =
        output.async(STORE_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "not stored in time");
    CompletableFuture<Void> stored = s.after().isZero()
        ? sink.accept(device.device(), s.message(), s.items(), received, channel.protocol())
        : CompletableFuture.supplyAsync(() -> null, delayed(s.after()))
            .thenCompose(x -> sink.accept(device.device(), s.message(), s.items(), received, channel.protocol()));
    stored.whenComplete((ok, error) -> {
      if (error == null) {
        output.preventPublishDelivery(AckReasonCode.SUCCESS);
      } else {
        String reason = "not stored: " + (error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause().getMessage() : error.getMessage());
        gate.notStored(device.deviceId(), channel, reason);
        output.preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, reasonString(reason));
      }
      async.resume();
    });
  }

  private static java.util.concurrent.Executor delayed(Duration after) {
    return CompletableFuture.delayedExecutor(after.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Answers a refusal. MQTT 5 clients get the reason code and the reason. An MQTT 3 PUBACK cannot
   * refuse; a client that gets none and loses its connection (IoT Hub clients: the Azure IoT device
   * SDKs, Paho with a persistent session) reconnects and resends the same message (the Azure SDK for
   * Java about three times a second). An invalid or oversize message can never become valid, so an
   * MQTT 3 client gets a plain PUBACK for it, and the refusal is in the hub operation; a message over
   * the rate limit can go later, so there the client gets no PUBACK and is disconnected, and resends
   * it after reconnecting.
   */
  private static void refuse(String deviceId, MqttVersion version, Verdict.Refused r, PublishInboundOutput output) {
    AckReasonCode code = switch (r.refusal()) {
      case RATE_LIMITED -> AckReasonCode.QUOTA_EXCEEDED;
      case NOT_STORED -> AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
      case INVALID_MESSAGE, MESSAGE_TOO_LARGE -> AckReasonCode.PAYLOAD_FORMAT_INVALID;
    };
    if (version == MqttVersion.V_5) {
      output.preventPublishDelivery(code, reasonString(r.reason()));
    } else if (r.refusal() == Refusal.RATE_LIMITED) {
      output.preventPublishDelivery(code);
      Services.clientService().disconnectClient(deviceId);
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
