package io.vigil.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.Detection;
import io.vigil.detect.Detections;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityMessage;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts a batch raises wait for those of the next batches while work is queued (one commit
 * for all), for at most {@link PipelineShard#ALERT_GATHERING}; with nothing queued they are stored
 * at once. A detection that holds the shard on a device's heartbeat lets the test queue work
 * behind a batch; the alert listener, told once alerts are stored, counts what is stored by then.
 */
class AlertGatheringTest {
  @TempDir Path dir;
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> release = new ConcurrentHashMap<>();
  private final Detection holder = (event, alerts) -> {
    CountDownLatch gate = release.get(event.deviceId());
    if (gate != null && event.event() instanceof Heartbeat) {
      entered.get(event.deviceId()).countDown();
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  };

  private void hold(String deviceId) {
    entered.put(deviceId, new CountDownLatch(1));
    release.put(deviceId, new CountDownLatch(1));
  }

  private void awaitHeld(String deviceId) throws InterruptedException {
    assertThat(entered.get(deviceId).await(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A heartbeat then a crypto miner's start: one new alert for each device. */
  private static SecurityMessage miner() {
    return SecurityMessage.of("0.1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(
        new Heartbeat(EventHeader.at(T, ZoneOffset.UTC), List.of(new Heartbeat.Beat(5, Map.of()))),
        new ProcessCreate(EventHeader.at(T, ZoneOffset.UTC), List.of(
            new ProcessCreate.Process("/tmp/xmrig", 11, 1, "1000", null, "/tmp/xmrig -o stratum+tcp://p:1", Map.of())))));
  }

  private static Device device(String id) {
    return new Device(id, "default", Map.of(), AuthType.SAS, true, T);
  }

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    volatile Instant now = T;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void alertsOfABatchWaitForTheNextWhileWorkIsQueuedAndAreStoredAtOnceWhenNoneIs() throws Exception {
    List<Long> storedWhenTold = new CopyOnWriteArrayList<>();
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), withHolder(), 10,
            a -> storedWhenTold.add(alertsStored(ws)), new TestClock())) {
      hold("gw-1");
      Future<Void> first = pipeline.accept(device("gw-1"), miner(), T);
      awaitHeld("gw-1");
      Future<Void> second = pipeline.accept(device("gw-2"), miner(), T); // queued behind the held batch
      release.get("gw-1").countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      awaitTold(storedWhenTold, 2);
      // Both alerts were stored together: when the first was told, the second was stored too.
      assertThat(storedWhenTold).containsExactly(2L, 2L);

      pipeline.accept(device("gw-3"), miner(), T).get(10, TimeUnit.SECONDS);
      awaitTold(storedWhenTold, 3);
      assertThat(storedWhenTold).containsExactly(2L, 2L, 3L); // nothing queued: stored at once
    }
  }

  @Test
  void alertsWaitNoLongerThanTheGatheringTimeThoughWorkIsStillQueued() throws Exception {
    TestClock clock = new TestClock();
    List<Long> storedWhenTold = new CopyOnWriteArrayList<>();
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), withHolder(), 10,
            a -> storedWhenTold.add(alertsStored(ws)), clock)) {
      hold("gw-1");
      hold("gw-2");
      List<Future<Void>> sent = new ArrayList<>();
      sent.add(pipeline.accept(device("gw-1"), miner(), T));
      awaitHeld("gw-1");
      sent.add(pipeline.accept(device("gw-2"), miner(), T));
      release.get("gw-1").countDown(); // gw-1's alert waits: gw-2's message is queued
      awaitHeld("gw-2");
      sent.add(pipeline.accept(device("gw-3"), miner(), T));
      clock.now = T.plus(PipelineShard.ALERT_GATHERING); // gw-1's alert has waited long enough
      release.get("gw-2").countDown();
      for (Future<Void> f : sent) {
        f.get(10, TimeUnit.SECONDS);
      }
      awaitTold(storedWhenTold, 3);
      // gw-1's and gw-2's alerts are stored after gw-2's batch although gw-3's was queued; gw-3's after it.
      assertThat(storedWhenTold).containsExactly(2L, 2L, 3L);
    }
  }

  private static long alertsStored(DuckDbWorkspace ws) {
    try {
      return (Long) ws.query("SELECT count(*) FROM SecurityAlert", 1).rows().get(0).get(0);
    } catch (io.vigil.store.QueryException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Detection> withHolder() {
    List<Detection> detections = new ArrayList<>(Detections.builtIn());
    detections.add(holder);
    return detections;
  }

  private static void awaitTold(List<Long> told, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (told.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(told).hasSize(n);
  }
}
