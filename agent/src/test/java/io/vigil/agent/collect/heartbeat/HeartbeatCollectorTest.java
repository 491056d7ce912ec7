package io.vigil.agent.collect.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.MutableClock;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatCollectorTest {
  @TempDir Path root;
  final MutableClock clock = new MutableClock(TransmitCounterTest.T0);

  @Test
  void fromTheSecondBeatOnTheBeatCarriesTheBytesSentSinceThePreviousOne() throws IOException {
    Path dev = Files.createDirectories(root.resolve("proc/net")).resolve("dev");
    Files.writeString(dev, "h|\nh|\n  eth0: 0 0 0 0 0 0 0 0 1000 0 0 0 0 0 0 0\n");
    var heartbeat = new HeartbeatCollector(new CollectorContext(root, clock, ZoneOffset.UTC), List::of, List::of, List::of);

    assertThat(beat(heartbeat.collect()).transmitted()).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    Files.writeString(dev, "h|\nh|\n  eth0: 0 0 0 0 0 0 0 0 61000 0 0 0 0 0 0 0\n");
    Heartbeat.Beat second = beat(heartbeat.collect());

    assertThat(second.uptimeSeconds()).isEqualTo(300);
    assertThat(second.extraDetails()).containsEntry("BytesSent", "60000")
        .containsEntry("IntervalStart", "2026-11-22T10:00:00Z").containsEntry("IntervalEnd", "2026-11-22T10:05:00Z");
    assertThat(heartbeat.details()).isEmpty();
  }

  @Test
  void withoutProcNetDevTheBeatGoesOnAndTheStatisticsSayWhy() {
    var heartbeat = new HeartbeatCollector(new CollectorContext(root, clock, ZoneOffset.UTC), List::of, List::of, List::of);
    assertThat(beat(heartbeat.collect()).extraDetails()).isEmpty();
    assertThat(heartbeat.details()).containsEntry("BytesSentUnavailable", "/proc/net/dev does not exist under " + root);
  }

  private static Heartbeat.Beat beat(List<SecurityEvent> events) {
    return ((Heartbeat) events.getFirst()).payload().getFirst();
  }
}
