package io.vigil.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.model.event.HubOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCollectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  final List<HubOperation.Operation> audit = new CopyOnWriteArrayList<>();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  private DataCollection open() {
    Map<String, String> groups = Map.of("cam-1", "lab");
    return DataCollection.open(dir, id -> Optional.ofNullable(groups.get(id)), (id, op, at) -> audit.add(op), clock, new SecureRandom());
  }

  @Test
  void groupsOverrideTheGlobalSettingsFieldByField() throws Exception {
    DataCollection dc = open();
    dc.replaceGlobal(JSON.readTree("{\"rawEventRetentionDays\": 30, \"ipMasking\": {\"mode\": \"prefix\"}}"));
    dc.replaceGroup("lab", JSON.readTree("{\"securityMonitoring\": false}"));
    assertThat(dc.forDevice("cam-1")).isEqualTo(new Settings(new IpMasking(IpMasking.Mode.PREFIX, 24, 48), true, 30, false, IpFilter.ALLOW_ALL, "default"));
    assertThat(dc.forDevice("unknown-device").securityMonitoring()).isTrue();
    assertThat(dc.masker("lab").text("10.1.2.3")).isEqualTo("10.1.2.0");
    assertThat(dc.masker("no-such-group").text("10.1.2.3")).isEqualTo("10.1.2.0");
  }

  @Test
  void changesArePersistedOwnerOnlyAndAudited() throws Exception {
    DataCollection dc = open();
    dc.replaceGlobal(JSON.readTree("{\"ipMasking\": {\"mode\": \"hash\"}}"));
    dc.replaceGroup("lab", JSON.readTree("{\"twinDataCollection\": false}"));
    Path file = dir.resolve("settings.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ip-mask.key")))).isEqualTo("rw-------");
    String hashed = dc.masker(null).text("192.0.2.1");

    DataCollection reopened = open();
    assertThat(reopened.forGroup("lab").twinDataCollection()).isFalse();
    assertThat(reopened.global().ipMasking().mode()).isEqualTo(IpMasking.Mode.HASH);
    assertThat(reopened.masker(null).text("192.0.2.1")).as("the same key after a restart").isEqualTo(hashed);

    assertThat(audit).extracting(HubOperation.Operation::operation).containsOnly("SettingsChanged");
    assertThat(audit.get(0).extraDetails()).containsEntry("Scope", "global").containsEntry("Changes",
        "ipMasking: {\"mode\":\"none\",\"ipv4Prefix\":24,\"ipv6Prefix\":48} -> {\"mode\":\"hash\",\"ipv4Prefix\":24,\"ipv6Prefix\":48}");
    assertThat(audit.get(1).extraDetails()).containsEntry("Scope", "securityGroup:lab")
        .containsEntry("Changes", "twinDataCollection: unset -> false");
    String key = java.util.HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("ip-mask.key")));
    assertThat(audit.toString() + Files.readString(file) + dc.toJson() + dc).doesNotContain(key);

    assertThat(reopened.removeGroup("lab")).isTrue();
    assertThat(reopened.removeGroup("lab")).isFalse();
    assertThat(audit.getLast().extraDetails()).containsEntry("Changes", "twinDataCollection: false -> unset");
  }

  @Test
  void theAuditSaysWhichSettingsWereAddedEditedOrDeleted() throws Exception {
    DataCollection dc = open();
    dc.replaceGlobal(JSON.readTree("{\"rawEventRetentionDays\": 30}"));
    assertThat(audit.getLast().extraDetails()).containsEntry("Added", "rawEventRetentionDays")
        .doesNotContainKeys("Edited", "Deleted");
    dc.replaceGlobal(JSON.readTree("{\"rawEventRetentionDays\": 7, \"securityMonitoring\": false}"));
    assertThat(audit.getLast().extraDetails()).containsEntry("Added", "securityMonitoring")
        .containsEntry("Edited", "rawEventRetentionDays").doesNotContainKey("Deleted");
    dc.replaceGlobal(JSON.readTree("{\"rawEventRetentionDays\": 7}")); // 'vigil settings unset securityMonitoring'
    assertThat(audit.getLast().extraDetails()).containsEntry("Deleted", "securityMonitoring")
        .doesNotContainKeys("Added", "Edited");
    dc.replaceGlobal(JSON.readTree("{\"rawEventRetentionDays\": 0}")); // set back to the default: no longer set
    assertThat(audit.getLast().extraDetails()).containsEntry("Deleted", "rawEventRetentionDays");

    dc.replaceGroup("lab", JSON.readTree("{\"twinDataCollection\": true, \"workspace\": \"eu\"}"));
    assertThat(audit.getLast().extraDetails()).as("a group's override is set even when it equals the global value")
        .containsEntry("Added", "twinDataCollection,workspace");
    dc.replaceGroup("lab", JSON.readTree("{\"workspace\": \"us\", \"securityMonitoring\": false}"));
    assertThat(audit.getLast().extraDetails()).containsEntry("Added", "securityMonitoring").containsEntry("Edited", "workspace")
        .containsEntry("Deleted", "twinDataCollection");
    dc.replaceGroup("lab", JSON.readTree("{\"workspace\": \"us\", \"securityMonitoring\": false}"));
    assertThat(audit.getLast().extraDetails()).as("no change").containsEntry("Changes", "none")
        .doesNotContainKeys("Added", "Edited", "Deleted");
    dc.removeGroup("lab");
    assertThat(audit.getLast().extraDetails()).containsEntry("Deleted", "securityMonitoring,workspace")
        .doesNotContainKeys("Added", "Edited");
  }

  @Test
  void aRefusedChangeChangesNothingAndIsAudited() throws Exception {
    DataCollection dc = open();
    assertThatThrownBy(() -> dc.replaceGlobal(JSON.readTree("{\"securityMonitoring\": \"off\"}")))
        .isInstanceOf(SettingsException.class).hasMessage("/securityMonitoring: must be true or false, was \"off\"");
    assertThat(dc.global()).isEqualTo(Settings.DEFAULTS);
    assertThat(Files.exists(dir.resolve("settings.json"))).isFalse();
    assertThat(audit).singleElement().satisfies(op -> {
      assertThat(op.result()).isEqualTo("Invalid");
      assertThat(op.extraDetails()).containsEntry("Reason", "/securityMonitoring: must be true or false, was \"off\"");
    });
    assertThatThrownBy(() -> dc.replaceGroup("no/slash", JSON.readTree("{}")))
        .hasMessage("security group 'no/slash' must be 1-64 letters, digits, '.', '_' or '-'");
  }

  @Test
  void anInvalidSettingsFileStopsTheStartNamingTheFileAndPointer() throws Exception {
    Files.writeString(dir.resolve("settings.json"), "{\"global\": {\"rawEventRetentionDays\": \"7\"}}");
    assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
        .hasMessage(dir.resolve("settings.json") + ": /global/rawEventRetentionDays: must be a whole number from 0 to 36500"
            + " (0 keeps raw events for ever), was \"7\"");
    Files.writeString(dir.resolve("settings.json"), "{\"global\": ");
    assertThatThrownBy(this::open).hasMessageStartingWith(dir.resolve("settings.json") + " is not valid JSON at line 1, column ");
  }

  @Test
  void theDefaultsCannotBeChanged() throws Exception {
    assertThatThrownBy(() -> DataCollection.defaults().replaceGlobal(JSON.readTree("{}")))
        .hasMessage("these settings are the built-in defaults and cannot be changed");
  }
}
