package io.vigil.detect.anomaly;

import static io.vigil.detect.anomaly.Events.connections;
import static io.vigil.detect.anomaly.Events.heartbeat;
import static io.vigil.detect.anomaly.Events.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Profiles survive a restart: written by one detection, read back into a fresh one, they behave the same. */
class ProfileCodecTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final AnomalySettings SETTINGS = AnomalySettings.defaults().withLearningPeriod(Duration.ofMinutes(30));

  /** A map-backed store the test can list, as the server's shard store does. */
  private static final class MapStore implements ProfileStore {
    final Map<String, DeviceProfile> profiles = new LinkedHashMap<>();

    @Override
    public DeviceProfile get(String deviceId) {
      return profiles.get(deviceId);
    }

    @Override
    public void put(String deviceId, DeviceProfile profile) {
      profiles.put(deviceId, profile);
    }

    @Override
    public void remove(String deviceId) {
      profiles.remove(deviceId);
    }
  }

  private static Instant at(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static byte[] snapshot(MapStore store) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    ProfileCodec.writeHeader(out);
    for (Map.Entry<String, DeviceProfile> e : store.profiles.entrySet()) {
      ProfileCodec.write(out, e.getKey(), e.getValue());
    }
    ProfileCodec.writeEnd(out);
    return bytes.toByteArray();
  }

  private static int restore(byte[] snapshot, MapStore store, PeerGroups peers) throws IOException {
    return ProfileCodec.read(new DataInputStream(new ByteArrayInputStream(snapshot)), SETTINGS.historyWindows(), "profiles-0.bin",
        (id, p) -> {
          store.put(id, p);
          if (p.learned()) {
            peers.join(p);
          }
        });
  }

  @Test
  void aRestoredProfileKnowsWhatItLearnedItsPeersAndItsRateHistory() throws IOException {
    MapStore before = new MapStore();
    PeerGroups peersBefore = new PeerGroups(1000);
    AnomalyDetection d = new AnomalyDetection(SETTINGS, before, peersBefore, RuleSettings::none);
    List<Alert> alerts = new ArrayList<>();
    for (int dev = 1; dev <= 5; dev++) {
      for (int m = 0; m <= 31; m++) {
        d.evaluate(process("cam-" + dev, "cameras", at(m), dev <= 3 ? "/opt/vendor/agent" : "/usr/bin/telemetryd"), alerts::add);
        d.evaluate(connections("cam-" + dev, "cameras", at(m), 4, "203.0.113.10", "8883"), alerts::add);
      }
    }
    d.evaluate(process("cam-4", "cameras", at(32), "/tmp/seen-before-restart"), alerts::add);
    assertThat(alerts).hasSize(1);

    MapStore after = new MapStore();
    PeerGroups peersAfter = new PeerGroups(1000);
    assertThat(restore(snapshot(before), after, peersAfter)).isEqualTo(5);
    assertThat(peersAfter.devices("cameras")).isEqualTo(5);
    DeviceProfile p = after.get("cam-4");
    DeviceProfile q = before.get("cam-4");
    assertThat(p.learned()).isTrue();
    assertThat(p.group()).isEqualTo("cameras");
    for (Kind k : Kind.values()) {
      assertThat(p.learned[k.ordinal()].toArray()).isEqualTo(q.learned[k.ordinal()].toArray());
      assertThat(p.added[k.ordinal()].toArray()).isEqualTo(q.added[k.ordinal()].toArray());
    }
    assertThat(p.connections.chronological()).isEqualTo(q.connections.chronological());
    assertThat(p.connections.minute).isEqualTo(q.connections.minute);

    alerts.clear();
    AnomalyDetection restarted = new AnomalyDetection(SETTINGS, after, peersAfter, RuleSettings::none);
    restarted.evaluate(process("cam-4", "cameras", at(40), "/usr/bin/telemetryd"), alerts::add);
    restarted.evaluate(process("cam-4", "cameras", at(40), "/tmp/seen-before-restart"), alerts::add);
    restarted.evaluate(process("cam-4", "cameras", at(41), "/opt/vendor/agent"), alerts::add);
    assertThat(alerts).as("learned, already reported, and common among restored peers").isEmpty();
    restarted.evaluate(process("cam-4", "cameras", at(42), "/tmp/new-after-restart"), alerts::add);
    for (int m = 43; m < 48; m++) {
      restarted.evaluate(connections("cam-4", "cameras", at(m), 90, "203.0.113.10", "8883"), alerts::add);
    }
    assertThat(alerts).extracting(Alert::alertName).containsExactly("IoT_AnomalousExecutable", "IoT_AnomalousConnectionRate");
  }

  @Test
  void theBytesOutHistoryAndAnExcursionInProgressSurviveARestart() throws IOException {
    MapStore before = new MapStore();
    AnomalyDetection d = new AnomalyDetection(SETTINGS, before, new PeerGroups(100), RuleSettings::none);
    List<Alert> alerts = new ArrayList<>();
    int beat = 0;
    for (; beat <= 12; beat++) {
      d.evaluate(heartbeat("gw-1", "gateways", at(5L * beat), 5, 100 * 1024 * (10 + beat % 3)), alerts::add);
    }
    // Two intervals above the band before the restart, the third after it: the alarm, dated from the first.
    d.evaluate(heartbeat("gw-1", "gateways", at(5L * beat++), 5, 5L << 30), alerts::add);
    d.evaluate(heartbeat("gw-1", "gateways", at(5L * beat++), 5, 5L << 30), alerts::add);
    assertThat(alerts).isEmpty();

    MapStore after = new MapStore();
    restore(snapshot(before), after, new PeerGroups(100));
    DeviceProfile p = after.get("gw-1");
    assertThat(p.bytesOut.chronological()).isEqualTo(before.get("gw-1").bytesOut.chronological()).hasSize(13);
    AnomalyDetection restarted = new AnomalyDetection(SETTINGS, after, new PeerGroups(100), RuleSettings::none);
    restarted.evaluate(heartbeat("gw-1", "gateways", at(5L * beat), 5, 5L << 30), alerts::add);
    Instant burstStart = at(5L * (beat - 3));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_AnomalousBytesOut");
      assertThat(a.firstSeen()).isEqualTo(burstStart);
    });
  }

  @Test
  void aVersionOneSnapshotIsStillReadAndItsProfilesStartBytesOutAfresh() throws IOException {
    List<DeviceProfile> read = new ArrayList<>();
    try (var in = getClass().getResourceAsStream("ProfileCodecTest/version-1.bin")) {
      assertThat(ProfileCodec.read(new DataInputStream(in), 60, "version-1.bin", (id, p) -> {
        assertThat(id).isEqualTo("gw-old");
        read.add(p);
      })).isEqualTo(1);
    }
    DeviceProfile p = read.getFirst();
    assertThat(p.learned()).isTrue();
    assertThat(p.group()).isEqualTo("gateways");
    assertThat(p.items()).as("telemetryd and its endpoint").isEqualTo(2);
    assertThat(p.connections.chronological()).hasSize(31).containsOnly(4);
    assertThat(p.bytesOut.size).isZero();
    assertThat(p.bytesOut.minute).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aSavedHistoryLongerThanTheConfiguredOneKeepsItsLatestWindows() throws IOException {
    MapStore store = new MapStore();
    DeviceProfile p = new DeviceProfile(T0.toEpochMilli(), 60);
    for (int i = 1; i <= 60; i++) {
      p.connections.push(i);
    }
    store.put("gw-1", p);
    List<DeviceProfile> read = new ArrayList<>();
    ProfileCodec.read(new DataInputStream(new ByteArrayInputStream(snapshot(store))), 10, "x", (id, r) -> read.add(r));
    assertThat(read.get(0).connections.chronological()).containsExactly(51, 52, 53, 54, 55, 56, 57, 58, 59, 60);
  }

  @Test
  void badSnapshotsAreRefusedSayingWhatAndWhere() throws IOException {
    MapStore store = new MapStore();
    DeviceProfile p = new DeviceProfile(T0.toEpochMilli(), 60);
    p.learned[0].add(42);
    store.put("gw-1", p);
    byte[] good = snapshot(store);

    assertThatThrownBy(() -> read(new byte[0])).hasMessage("profiles-0.bin: empty, not a profile snapshot");
    assertThatThrownBy(() -> read("{\"json\": true}".getBytes()))
        .hasMessage("profiles-0.bin: not a profile snapshot (starts with 0x7b226a73)");
    byte[] version = good.clone();
    version[7] = 9;
    assertThatThrownBy(() -> read(version)).hasMessage("profiles-0.bin: snapshot version 9 is not supported (expected 1 to 2)");
    assertThatThrownBy(() -> read(Arrays.copyOf(good, good.length - 20)))
        .hasMessage("profiles-0.bin: cut short after 0 profiles (in or after device 'gw-1')");
    byte[] huge = good.clone();
    // The executable set's size follows the header (8), the flag (1), the id (2 + 4), four longs (32), the group (2) and its overflow (8).
    int at = 8 + 1 + 2 + 4 + 8 + 8 + 2 + 8 + 8;
    huge[at] = 0x7f;
    assertThatThrownBy(() -> read(huge)).hasMessage("profiles-0.bin: device 'gw-1': executable set of 2130706433 items is outside 0..65536");
  }

  private static void read(byte[] bytes) throws IOException {
    ProfileCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 60, "profiles-0.bin", (id, p) -> {});
  }
}
