package io.vigil.server.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.Detection;
import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded runtime of the anomaly models: per-shard profiles, saved to the data dir and loaded at start. */
class AnomalyProfilesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  @TempDir Path data;
  private final List<Alert> alerts = new ArrayList<>();

  private static DeviceEvent process(String device, Instant at, String executable) {
    return new DeviceEvent(device, "default", "agent-1", "1.0", at, new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new ProcessCreate.Process(executable, 10, 1, "0", "root", executable, Map.of()))));
  }

  private static List<Detection> shards(AnomalyProfiles profiles, int n) {
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(profiles.nextShard());
    }
    return out;
  }

  /** Sends as the pipeline does: to the shard the device id hashes to. */
  private void send(List<Detection> shards, DeviceEvent e) {
    shards.get(Math.floorMod(e.deviceId().hashCode(), shards.size())).evaluate(e, alerts::add);
  }

  private void learn(List<Detection> shards, int devices) {
    for (int d = 0; d < devices; d++) {
      send(shards, process("gw-" + d, T0, "/usr/bin/telemetryd"));
      send(shards, process("gw-" + d, T0.plus(Duration.ofMinutes(3)), "/usr/bin/telemetryd"));
    }
  }

  @Test
  void profilesSurviveARestartEvenWithAnotherNumberOfShards() throws Exception {
    Files.writeString(data.resolve("anomaly.properties"), "learningPeriod=PT2M\n");
    AnomalyProfiles first = AnomalyProfiles.open(data, 4, RuleSettings::none);
    learn(shards(first, 4), 20);
    first.close();
    assertThat(data.resolve("anomaly/profiles-3.bin")).exists();

    AnomalyProfiles second = AnomalyProfiles.open(data, 3, RuleSettings::none);
    assertThat(second.devices()).isEqualTo(20);
    assertThat(second.peers().devices("default")).isEqualTo(20);
    List<Detection> shards = shards(second, 3);
    for (int d = 0; d < 20; d++) {
      send(shards, process("gw-" + d, T0.plus(Duration.ofMinutes(5)), "/usr/bin/telemetryd"));
    }
    assertThat(alerts).as("every device still knows what it learned").isEmpty();
    send(shards, process("gw-7", T0.plus(Duration.ofMinutes(6)), "/tmp/implant"));
    assertThat(alerts).extracting(Alert::alertName).containsExactly("IoT_AnomalousExecutable");
    second.close();
    assertThat(data.resolve("anomaly/profiles-3.bin")).as("the snapshot of a shard that is gone").doesNotExist();
    assertThat(AnomalyProfiles.open(data, 3, RuleSettings::none).devices()).isEqualTo(20);
  }

  @Test
  void aShardWritesItsProfilesFromAdvanceEveryFiveMinutesOnItsOwnThread() throws Exception {
    AnomalyProfiles profiles = AnomalyProfiles.open(data, 1, RuleSettings::none);
    Detection shard = profiles.nextShard();
    shard.advance(T0, alerts::add);
    shard.evaluate(process("gw-1", T0, "/usr/bin/telemetryd"), alerts::add);
    shard.advance(T0.plus(Duration.ofMinutes(4)), alerts::add);
    assertThat(data.resolve("anomaly/profiles-0.bin")).doesNotExist();
    shard.advance(T0.plus(AnomalyProfiles.WRITE_EVERY), alerts::add);
    assertThat(data.resolve("anomaly/profiles-0.bin")).exists();
    assertThat(AnomalyProfiles.open(data, 1, RuleSettings::none).devices()).isEqualTo(1);
    assertThatThrownBy(profiles::nextShard).hasMessage("anomaly profiles were opened for 1 shards, asked for shard 1");
  }

  @Test
  void aCorruptSnapshotIsSetAsideAndTheServerStartsWithoutIt() throws Exception {
    Files.createDirectories(data.resolve("anomaly"));
    Files.writeString(data.resolve("anomaly/profiles-0.bin"), "garbage");
    AnomalyProfiles profiles = AnomalyProfiles.open(data, 2, RuleSettings::none);
    assertThat(profiles.devices()).isZero();
    assertThat(data.resolve("anomaly/profiles-0.bin.corrupt")).hasContent("garbage");
    assertThat(data.resolve("anomaly/profiles-0.bin")).doesNotExist();
  }

  @Test
  void badSettingsStopTheStartNamingTheFileKeyAndValue() throws Exception {
    Path file = data.resolve("anomaly.properties");
    Files.writeString(file, "learningPeriod=PT2M\npeerPercent=0\n");
    assertThatThrownBy(() -> AnomalyProfiles.open(data, 1, RuleSettings::none))
        .hasMessage(file + ": peerPercent must be between 1 and 100, was 0");
  }
}
