package io.vigil.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.Detection;
import io.vigil.detect.Detections;
import io.vigil.model.Alert;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityMessage;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.ResidentWorkspaces;
import io.vigil.store.SplitWriteException;
import io.vigil.store.Workspace;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline over resident workspaces (real DuckDB files): a batch split over workspaces, one of which fails. */
class PipelineResidencyTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final Device GATE = new Device("gate-1", "plant-a", Map.of(), AuthType.SAS, true, T);
  private static final Device PLANT = new Device("gw-1", "plant-a", Map.of(), AuthType.SAS, true, T);
  private static final Device EU = new Device("eu-1", "eu", Map.of(), AuthType.SAS, true, T);
  @TempDir Path dir;

  private static SecurityMessage miner() {
    return SecurityMessage.of("0.1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(
        new ProcessCreate(EventHeader.at(T, ZoneOffset.UTC), List.of(
            new ProcessCreate.Process("/usr/bin/ls", 10, 1, "0", "root", "ls -l", Map.of()),
            new ProcessCreate.Process("/tmp/xmrig", 11, 1, "1000", null, "/tmp/xmrig -o stratum+tcp://p:1", Map.of())))));
  }

  private static long count(Workspace w, String sql) throws Exception {
    return (Long) w.query(sql, 1).rows().get(0).get(0);
  }

  @Test
  void aBatchSplitOverWorkspacesAcknowledgesWhatOneStoredAndHasOnlyTheFailedOnesMessagesRetried() throws Exception {
    Files.createDirectories(dir.resolve("workspaces"));
    Path block = Files.writeString(dir.resolve("workspaces/eu-west"), "not a directory"); // eu-west cannot be created
    // The first message's detections hold the shard until the next two are queued: they are one batch.
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Detection gate = (event, alerts) -> {
      if (event.deviceId().equals(GATE.deviceId()) && holding.getCount() > 0) {
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    List<Detection> detections = new ArrayList<>(Detections.builtIn());
    detections.add(gate);
    List<Alert> told = new CopyOnWriteArrayList<>();
    SecurityMessage plant = miner();
    SecurityMessage eu = miner();
    try (var main = DuckDbWorkspace.open(dir.resolve("workspace.duckdb"));
        var all = new ResidentWorkspaces(dir, main, g -> g.equals("eu") ? "eu-west" : ResidentWorkspaces.DEFAULT, id -> id.startsWith("eu-") ? "eu" : "plant-a");
        var pipeline = new Pipeline(all, new SecurityMessageCodec(), detections, 10, told::add)) {
      pipeline.accept(GATE, miner(), T).get(10, TimeUnit.SECONDS);
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> plantAck = pipeline.accept(PLANT, plant, T);
      CompletableFuture<Void> euAck = pipeline.accept(EU, eu, T);
      release.countDown();

      plantAck.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> euAck.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(SplitWriteException.class)
          .hasMessageStartingWith("writing 2 of 4 raw event rows failed in workspace 'eu-west' (the other workspaces stored theirs): ");

      // The agent retries the refused message once eu-west can be written; the acknowledged one comes again too (at least once).
      Files.delete(block);
      pipeline.accept(EU, eu, T.plusSeconds(5)).get(10, TimeUnit.SECONDS);
      pipeline.accept(PLANT, plant, T.plusSeconds(5)).get(10, TimeUnit.SECONDS);
      pipeline.close();
      Workspace euWest = all.named("eu-west").orElseThrow();
      assertThat(count(main, "SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'gw-1'")).isEqualTo(2);
      assertThat(count(euWest, "SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'eu-1'")).isEqualTo(2);
      assertThat(count(main, "SELECT count(*) FROM SecurityIoTRawEvent WHERE DeviceId = 'eu-1'")).isZero();
      // Each stored message was analysed once: the batch's failure did not cost gw-1 its alert, nor the retries a second one.
      assertThat(told).extracting(Alert::deviceId).containsExactlyInAnyOrder("gate-1", "gw-1", "eu-1");
      assertThat(count(main, "SELECT count(*) FROM SecurityAlert WHERE DeviceId = 'gw-1'")).isEqualTo(1);
      assertThat(count(euWest, "SELECT count(*) FROM SecurityAlert WHERE DeviceId = 'eu-1'")).isEqualTo(1);
    }
  }
}
