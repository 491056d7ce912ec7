package io.vigil.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The group summary shared by the pipeline shards: exact under concurrent joins, and bounded. */
class PeerGroupsTest {
  private static DeviceProfile learned(String group, long... executables) {
    DeviceProfile p = new DeviceProfile(0, 4);
    for (long e : executables) {
      p.learned[Kind.EXECUTABLE.ordinal()].add(e);
    }
    p.learnedAt = 1;
    p.group = group;
    return p;
  }

  @Test
  void joinsFromSeveralThreadsAreAllCounted() throws InterruptedException {
    PeerGroups peers = new PeerGroups(1000);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int shard = t;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int d = 0; d < 500; d++) {
          peers.join(learned("g", 1, 2, 100 + shard));
        }
      }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(peers.devices("g")).isEqualTo(2000);
    assertThat(peers.entries()).isEqualTo(6);
    assertThat(peers.common("g", 1, 100, 5)).isTrue();
    assertThat(peers.common("g", 100, 25, 5)).as("exactly 25 %").isTrue();
    assertThat(peers.common("g", 100, 26, 5)).isFalse();
    assertThat(peers.common("other", 1, 1, 1)).isFalse();
  }

  @Test
  void beyondItsBoundNewItemsAreCountedAsOverflow() {
    PeerGroups peers = new PeerGroups(3);
    peers.join(learned("g", 1, 2, 3, 4, 5));
    assertThat(peers.entries()).isEqualTo(3);
    assertThat(peers.overflow()).isEqualTo(2);
    assertThatThrownBy(() -> peers.join(new DeviceProfile(0, 4))).hasMessage("a profile joins its group only once it has learned");
    assertThatThrownBy(() -> new PeerGroups(0)).hasMessage("maxEntries must be at least 1, was 0");
  }
}
