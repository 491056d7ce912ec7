package io.vigil.hub.ingest;

import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.WireException;
import io.vigil.wire.WireLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks every telemetry message from an authenticated device passes, whatever the protocol:
 * the size limit, the device's rate limit, then for a security message decoding and validation,
 * for other telemetry a count. Each refusal is recorded as a {@code MessageRejected} hub operation
 * with its {@link Refusal} as the result and the precise reason in the details; the protocol
 * adapters (MQTT, HTTPS) turn the {@link Verdict} into their own answer.
 *
 * <p>Thread-safe; called from the broker's and the HTTPS listener's threads.
 */
public final class TelemetryGate {
  private final SecurityMessageCodec codec;
  private final DeviceRateLimiter limiter;
  private final TelemetryCounters counters;
  private final HubOperationLog operations;
  private final Clock clock;

  /** @param codec decodes security messages; its {@code maxMessageBytes} is the size limit of all telemetry */
  public TelemetryGate(
      SecurityMessageCodec codec, DeviceRateLimiter limiter, TelemetryCounters counters, HubOperationLog operations, Clock clock) {
    this.codec = codec;
    this.limiter = limiter;
    this.counters = counters;
    this.operations = operations;
    this.clock = clock;
  }

  /**
   * A gate with messages of at most {@code maxMessageBytes} (the other bounds of decoding at their
   * {@link WireLimits#defaults() defaults}) and a rate limiter of its own.
   */
  public static TelemetryGate create(int maxMessageBytes, RateLimit rate, HubOperationLog operations, Clock clock) {
    WireLimits d = WireLimits.defaults();
    return new TelemetryGate(new SecurityMessageCodec(new WireLimits(maxMessageBytes, d.maxDepth(), d.maxStringLength(), d.maxPayloadItems())),
        new DeviceRateLimiter(rate, clock), new TelemetryCounters(), operations, clock);
  }

  /** The largest message accepted, in bytes as received. */
  public int maxMessageBytes() {
    return codec.limits().maxMessageBytes();
  }

  public TelemetryCounts counts() {
    return counters;
  }

  /** Messages of other telemetry counted over {@code protocol}, all devices together. */
  public long otherTelemetry(String protocol) {
    return counters.total(protocol);
  }

  /**
   * Checks one message of device {@code deviceId}.
   *
   * @param security true if the sender marked it as a security message
   */
  public Verdict admit(String deviceId, Channel channel, byte[] body, boolean security) {
    if (body.length > maxMessageBytes()) {
      return tooLarge(deviceId, channel, body.length);
    }
    DeviceRateLimiter.Reservation r = limiter.reserve(deviceId, channel.mayWait());
    if (!r.granted()) {
      String reason = "device '" + deviceId + "' is over its rate limit of " + limiter.limit() + "; retry in "
          + r.delay().toMillis() + " ms";
      return refuse(deviceId, channel, Refusal.RATE_LIMITED, reason, List.of(), r.delay(),
          Map.of("RetryAfterMs", Long.toString(r.delay().toMillis())));
    }
    if (!security) {
      counters.count(deviceId, channel.protocol(), body.length);
      return new Verdict.Counted(r.delay());
    }
    try {
      SecurityMessageCodec.Decoded decoded = codec.decodeKeepingText(body);
      return new Verdict.Store(decoded.message(), decoded.items(), r.delay());
    } catch (WireException e) {
      return refuse(deviceId, channel, Refusal.INVALID_MESSAGE, e.getMessage(), e.violations(), Duration.ZERO, Map.of());
    }
  }

  /** Refuses a message of {@code size} bytes, over the limit, before reading it whole. */
  public Verdict.Refused tooLarge(String deviceId, Channel channel, long size) {
    return tooLarge(deviceId, channel, size, true);
  }

  /**
   * Refuses a message over the limit before reading it whole.
   *
   * @param exact false when the size is not known, only that it is over {@code size} bytes (a
   *     chunked HTTP body, an MQTT packet over the broker's packet limit)
   */
  public Verdict.Refused tooLarge(String deviceId, Channel channel, long size, boolean exact) {
    return refuse(deviceId, channel, Refusal.MESSAGE_TOO_LARGE,
        "message is " + (exact ? "" : "over ") + size + " bytes; the limit is " + maxMessageBytes(), List.of(), Duration.ZERO,
        Map.of("Size", (exact ? "" : ">") + size, "Limit", Integer.toString(maxMessageBytes())));
  }

  /** Records that a valid message was not stored, for {@code reason}, and returns the refusal. */
  public Verdict.Refused notStored(String deviceId, Channel channel, String reason) {
    return refuse(deviceId, channel, Refusal.NOT_STORED, reason, List.of(), Duration.ZERO, Map.of());
  }

  private Verdict.Refused refuse(String deviceId, Channel channel, Refusal refusal, String reason,
      List<WireException.Violation> violations, Duration retryAfter, Map<String, String> extra) {
    Map<String, String> details = new HashMap<>(channel.details());
    details.putAll(extra);
    details.put("Reason", reason);
    operations.record(deviceId,
        new HubOperation.Operation("MessageRejected", refusal.wireName(), channel.protocol(), channel.sourceIp(), details), clock.instant());
    return new Verdict.Refused(refusal, reason, violations, retryAfter);
  }
}
