package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryGateTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final List<String> operations = new ArrayList<>();
  private final List<HubOperation.Operation> recorded = new ArrayList<>();
  private final TelemetryGate gate = TelemetryGate.create(2048, new RateLimit(1, 2), (deviceId, op, at) -> {
    operations.add(deviceId + " " + op.operation() + "/" + op.result() + " " + op.protocol());
    recorded.add(op);
  }, clock);
  private final Channel mqtt = new Channel(Channel.MQTT, "127.0.0.1", Map.of("MqttVersion", "V_5"), Duration.ZERO);
  private final Channel https = new Channel(Channel.HTTPS, "127.0.0.2", Map.of(), Duration.ZERO);

  private static byte[] heartbeat() {
    return new SecurityMessageCodec().encode(SecurityMessage.of("1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf",
        List.of(new Heartbeat(EventHeader.at(Instant.parse("2026-11-22T09:59:00Z"), ZoneOffset.UTC), List.of(new Heartbeat.Beat(1, Map.of()))))));
  }

  @Test
  void aValidSecurityMessageIsToBeStored() {
    Verdict v = gate.admit("gw-1", mqtt, heartbeat(), true);
    assertThat(v).isInstanceOfSatisfying(Verdict.Store.class, s -> {
      assertThat(s.message().events()).hasSize(1);
      assertThat(s.after()).isZero();
    });
    assertThat(operations).isEmpty();
  }

  @Test
  void anOversizeMessageIsRefusedAndRecordedWithItsSize() {
    Verdict v = gate.admit("gw-1", mqtt, new byte[2049], false);
    assertThat(v).isEqualTo(new Verdict.Refused(Refusal.MESSAGE_TOO_LARGE, "message is 2049 bytes; the limit is 2048", List.of(), Duration.ZERO));
    assertThat(operations).containsExactly("gw-1 MessageRejected/MessageTooLarge MQTT");
    assertThat(recorded.getFirst().sourceIp()).isEqualTo("127.0.0.1");
    assertThat(recorded.getFirst().extraDetails()).containsEntry("Size", "2049").containsEntry("Limit", "2048")
        .containsEntry("MqttVersion", "V_5").containsEntry("Reason", "message is 2049 bytes; the limit is 2048");
    assertThat(gate.tooLarge("gw-1", https, 2048, false).reason()).isEqualTo("message is over 2048 bytes; the limit is 2048");
  }

  @Test
  void anInvalidMessageIsRefusedWithEveryLocatedViolation() {
    Verdict v = gate.admit("gw-1", https, "{\"AgentVersion\": 1}".getBytes(StandardCharsets.UTF_8), true);
    assertThat(v).isInstanceOfSatisfying(Verdict.Refused.class, r -> {
      assertThat(r.refusal()).isEqualTo(Refusal.INVALID_MESSAGE);
      assertThat(r.violations()).contains(new WireException.Violation("/AgentVersion", "expected string, got integer"));
      assertThat(r.reason()).contains("/AgentVersion: expected string, got integer");
    });
    assertThat(operations).containsExactly("gw-1 MessageRejected/InvalidMessage HTTPS");
  }

  @Test
  void theRateLimitHoldsAcrossProtocolsAndSaysWhenToRetry() {
    assertThat(gate.admit("gw-1", mqtt, heartbeat(), true)).isInstanceOf(Verdict.Store.class);
    assertThat(gate.admit("gw-1", https, "{}".getBytes(StandardCharsets.UTF_8), false)).isInstanceOf(Verdict.Counted.class);
    clock.advance(Duration.ofMillis(300));
    Verdict v = gate.admit("gw-1", https, heartbeat(), true);
    assertThat(v).isEqualTo(new Verdict.Refused(Refusal.RATE_LIMITED,
        "device 'gw-1' is over its rate limit of 1 messages/s (burst 2); retry in 700 ms", List.of(), Duration.ofMillis(700)));
    assertThat(operations).containsExactly("gw-1 MessageRejected/RateLimited HTTPS");
    assertThat(recorded.getFirst().extraDetails()).containsEntry("RetryAfterMs", "700");
    assertThat(gate.admit("gw-2", https, heartbeat(), true)).isInstanceOf(Verdict.Store.class);
  }

  @Test
  void aMessageOverTheLimitIsHeldWhenTheChannelMayWait() {
    Channel mqtt311 = new Channel(Channel.MQTT, null, Map.of("MqttVersion", "V_3_1_1"), Duration.ofSeconds(5));
    gate.admit("gw-1", mqtt311, heartbeat(), true);
    gate.admit("gw-1", mqtt311, heartbeat(), true);
    assertThat(gate.admit("gw-1", mqtt311, heartbeat(), true)).isInstanceOfSatisfying(Verdict.Store.class,
        s -> assertThat(s.after()).isEqualTo(Duration.ofSeconds(1)));
    assertThat(gate.admit("gw-1", mqtt311, "{}".getBytes(StandardCharsets.UTF_8), false)).isEqualTo(new Verdict.Counted(Duration.ofSeconds(2)));
    assertThat(operations).isEmpty();
  }

  @Test
  void otherTelemetryIsCountedPerDeviceAndProtocolNotStored() {
    gate.admit("gw-1", mqtt, "{\"t\": 21}".getBytes(StandardCharsets.UTF_8), false);
    gate.admit("gw-1", https, "{\"t\": 22.5}".getBytes(StandardCharsets.UTF_8), false);
    gate.admit("gw-2", mqtt, "x".getBytes(StandardCharsets.UTF_8), false);
    assertThat(gate.counts().of("gw-1")).isEqualTo(Map.of(
        "MQTT", new TelemetryCounts.Count(1, 9),
        "HTTPS", new TelemetryCounts.Count(1, 11)));
    assertThat(gate.counts().of("gw-3")).isEmpty();
    assertThat(gate.otherTelemetry(Channel.MQTT)).isEqualTo(2);
  }
}
