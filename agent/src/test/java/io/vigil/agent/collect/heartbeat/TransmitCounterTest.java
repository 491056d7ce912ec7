package io.vigil.agent.collect.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.MutableClock;
import io.vigil.model.event.Heartbeat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes sent between reads of a fake /proc/net/dev under a fixture root, with a clock the test moves. */
class TransmitCounterTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path root;
  final MutableClock clock = new MutableClock(T0);
  TransmitCounter counter;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(root.resolve("proc/net"));
    counter = new TransmitCounter(new CollectorContext(root, clock, ZoneOffset.UTC));
  }

  @Test
  void theFirstReadLearnsThenEachReadReportsTheGrowthOfEveryInterfaceButTheLoopback() throws IOException {
    netDev(Map.of("lo", 1_000L, "eth0", 5_000L, "wlan0", 100L));
    assertThat(counter.read()).as("the first read only learns").isNull();

    clock.advance(Duration.ofMinutes(5));
    netDev(Map.of("lo", 900_000_000L, "eth0", 7_500L, "wlan0", 600L));
    assertThat(counter.read()).isEqualTo(new Heartbeat.Transmitted(3_000, T0, T0.plusSeconds(300)));

    clock.advance(Duration.ofMinutes(5));
    assertThat(counter.read()).as("nothing sent").isEqualTo(new Heartbeat.Transmitted(0, T0.plusSeconds(300), T0.plusSeconds(600)));
  }

  @Test
  void aResetCountsTheNewValueAndAppearingAndDisappearingInterfacesAreHandled() throws IOException {
    netDev(Map.of("eth0", 10_000_000L, "wlan0", 200L));
    counter.read();

    clock.advance(Duration.ofMinutes(5));
    // eth0 was recreated (its counter restarted), wlan0 went away, ppp0 came up.
    netDev(Map.of("eth0", 4_000L, "ppp0", 1_500L));
    assertThat(counter.read().bytes()).isEqualTo(4_000 + 1_500);

    clock.advance(Duration.ofMinutes(5));
    netDev(Map.of("eth0", 5_000L, "ppp0", 1_600L, "wlan0", 50L));
    assertThat(counter.read().bytes()).as("wlan0 came back: counted from zero").isEqualTo(1_000 + 100 + 50);
  }

  @Test
  void aThirtyTwoBitCounterThatWrapsCountsThroughTheWrap() {
    long nearTheTop = (1L << 32) - 1_000;
    assertThat(TransmitCounter.delta(nearTheTop, 500)).isEqualTo(1_500);
    assertThat(TransmitCounter.delta(3_000_000_000L, 2_000_000_000L)).as("far from the top: a reset").isEqualTo(2_000_000_000L);
    assertThat(TransmitCounter.delta(10_000_000_000L, 20)).as("a 64-bit counter went down: a reset").isEqualTo(20);
    assertThat(TransmitCounter.delta(100, 250)).isEqualTo(150);
  }

  @Test
  void theKernelsOwnLayoutIsRead() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("TransmitCounterTest/net-dev.txt")) {
      assertThat(NetDev.transmitted(List.of(new String(in.readAllBytes()).split("\n")), "/proc/net/dev"))
          .containsExactlyInAnyOrderEntriesOf(Map.of("eth0", 9_876_543L, "wlan0", 1_000L));
    }
  }

  @Test
  void aMissingOrMalformedFileIsReportedAndTheNextGoodReadStartsAfresh() throws IOException {
    assertThat(counter.read()).isNull();
    assertThat(counter.unavailable()).isEqualTo("/proc/net/dev does not exist under " + root);

    Files.writeString(root.resolve("proc/net/dev"), "Inter-| Receive | Transmit\n face |bytes|bytes\n  eth0: 1 2 3\n");
    assertThat(counter.read()).isNull();
    assertThat(counter.unavailable())
        .isEqualTo("/proc/net/dev:3: expected an interface name and at least 9 counters, found 'eth0: 1 2 3'");

    netDev(Map.of("eth0", 5L));
    assertThat(counter.read()).as("learns again").isNull();
    assertThat(counter.unavailable()).isNull();
    clock.advance(Duration.ofMinutes(1));
    netDev(Map.of("eth0", 25L));
    assertThat(counter.read().bytes()).isEqualTo(20);

    Files.writeString(root.resolve("proc/net/dev"), "h1|\nh2|\n  eth0: 1 2 3 4 5 6 7 8 lots 0\n");
    assertThat(counter.read()).isNull();
    assertThat(counter.unavailable()).isEqualTo("/proc/net/dev:3: transmit bytes of eth0 'lots' is not a counter");
  }

  /** Writes /proc/net/dev with these transmit byte counters (receive counters are noise). */
  void netDev(Map<String, Long> tx) throws IOException {
    StringBuilder s = new StringBuilder("Inter-|   Receive                                                |  Transmit\n"
        + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
    tx.forEach((name, bytes) -> s.append(String.format("%6s: %d 10 0 0 0 0 0 0 %d 7 0 0 0 0 0 0%n", name, bytes * 3, bytes)));
    Files.writeString(root.resolve("proc/net/dev"), s);
  }
}
