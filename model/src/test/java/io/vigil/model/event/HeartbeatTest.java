package io.vigil.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-22T10:05:00Z");

  @Test
  void aBeatCarriesTheBytesSentInItsExtraDetails() {
    var beat = new Heartbeat.Beat(300, Map.of("Spool", "3"), new Heartbeat.Transmitted(123_456, START, END));
    assertThat(beat.extraDetails()).containsEntry("BytesSent", "123456")
        .containsEntry("IntervalStart", "2026-11-22T10:00:00Z").containsEntry("IntervalEnd", "2026-11-22T10:05:00Z")
        .containsEntry("Spool", "3");
    assertThat(beat.transmitted()).contains(new Heartbeat.Transmitted(123_456, START, END));
    assertThat(beat.transmitted().orElseThrow().millis()).isEqualTo(300_000);
  }

  @Test
  void aBeatWithoutTheKeysHasNoInterval() {
    assertThat(new Heartbeat.Beat(1, Map.of("a", "b")).transmitted()).isEmpty();
  }

  @Test
  void malformedIntervalsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new Heartbeat.Beat(1, Map.of("BytesSent", "12")))
        .hasMessage("ExtraDetails must hold BytesSent, IntervalStart and IntervalEnd together, missing IntervalStart");
    assertThatThrownBy(() -> new Heartbeat.Beat(1, Map.of("BytesSent", "lots", "IntervalStart", START.toString(),
        "IntervalEnd", END.toString()))).hasMessage("ExtraDetails.BytesSent 'lots' is not a whole number");
    assertThatThrownBy(() -> new Heartbeat.Beat(1, Map.of("BytesSent", "-5", "IntervalStart", START.toString(),
        "IntervalEnd", END.toString()))).hasMessage("BytesSent must not be negative, was -5");
    assertThatThrownBy(() -> new Heartbeat.Beat(1, Map.of("BytesSent", "5", "IntervalStart", "yesterday",
        "IntervalEnd", END.toString())))
        .hasMessage("ExtraDetails.IntervalStart 'yesterday' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> new Heartbeat.Transmitted(5, END, START))
        .hasMessage("IntervalEnd 2026-11-22T10:00:00Z must be after IntervalStart 2026-11-22T10:05:00Z");
  }
}
