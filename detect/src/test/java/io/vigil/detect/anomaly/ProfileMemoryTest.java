package io.vigil.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * State per device is bounded and measured: 100 000 typical profiles (20 executables, 30 endpoints,
 * 5 listening ports, 3 users, two full 60-minute rate histories), held as the server's shard stores
 * hold them, fit in the default heap. The bytes per device are estimated from the heap in use before
 * and after, and printed; the bound asserted is loose, as a GC-based estimate is not exact.
 */
class ProfileMemoryTest {
  private static final int DEVICES = 100_000;

  @Test
  void a100000DeviceFleetsTypicalProfilesFitInTheDefaultHeap() {
    AnomalySettings s = AnomalySettings.defaults();
    long before = used();
    Map<String, DeviceProfile> profiles = new HashMap<>();
    for (int d = 0; d < DEVICES; d++) {
      profiles.put("device-" + d, typical(d, s));
    }
    long after = used();
    long perDevice = (after - before) / DEVICES;
    System.out.printf("anomaly profiles: %d devices, about %d bytes per device (%d MB) in a heap of at most %d MB%n", DEVICES,
        perDevice, (after - before) >> 20, Runtime.getRuntime().maxMemory() >> 20);
    assertThat(profiles).hasSize(DEVICES);
    assertThat(profiles.get("device-99999").items()).isEqualTo(20 + 30 + 5 + 3);
    assertThat(perDevice).as("bytes per device").isBetween(500L, 4_000L);
  }

  @Test
  void aTypicalProfileTakesAbout1400BytesInASnapshot() throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ProfileCodec.write(new java.io.DataOutputStream(bytes), "device-00001", typical(1, AnomalySettings.defaults()));
    System.out.printf("anomaly profiles: a typical profile takes %d bytes in a snapshot%n", bytes.size());
    // 1 + 14 (id) + 24 (three times) + 9 (group), the sets: 4 x 16 + 58 x 8, the rates: 3 x (31 + 60 x 4), bytes out's start: 8
    assertThat(bytes.size()).isEqualTo(1 + 14 + 24 + 9 + 4 * 16 + 58 * 8 + 3 * (31 + 60 * 4) + 8);
  }

  static DeviceProfile typical(int d, AnomalySettings s) {
    DeviceProfile p = new DeviceProfile(1_700_000_000_000L, s.historyWindows());
    p.learnedAt = p.firstSeen + s.learningPeriod().toMillis();
    p.group = "default";
    fill(p.learned[Kind.EXECUTABLE.ordinal()], 20, d);
    fill(p.learned[Kind.ENDPOINT.ordinal()], 30, d);
    fill(p.learned[Kind.LISTENING_PORT.ordinal()], 5, d);
    fill(p.learned[Kind.LOGIN_USER.ordinal()], 3, d);
    for (ItemSet set : p.learned) {
      set.trim();
    }
    for (int i = 0; i < s.historyWindows(); i++) {
      p.connections.push(3 + i % 4);
      p.messages.push(1 + i % 2);
      p.bytesOut.push(20 + i % 5);
    }
    return p;
  }

  private static void fill(ItemSet set, int n, int device) {
    for (int i = 0; i < n; i++) {
      set.add(Items.hash('t', device + "/" + i));
    }
  }

  private static long used() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }
}
