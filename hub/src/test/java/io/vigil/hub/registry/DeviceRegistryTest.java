package io.vigil.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.ca.Thumbprint;
import io.vigil.model.AuthType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryTest {
  @TempDir Path dir;
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void createdDevicesSurviveAReopen() throws Exception {
    Path file = dir.resolve("devices.json");
    DeviceRegistry registry = DeviceRegistry.open(file, clock, new SecureRandom());
    RegisteredDevice gw = registry.create("gw-1", null);
    registry.create("cam-7", "cameras");

    DeviceRegistry reopened = DeviceRegistry.open(file, clock, new SecureRandom());
    assertThat(reopened.list()).extracting(RegisteredDevice::deviceId).containsExactly("cam-7", "gw-1");
    RegisteredDevice again = reopened.find("gw-1").orElseThrow();
    assertThat(again).isEqualTo(gw);
    assertThat(again.device().securityGroup()).isEqualTo("default");
    assertThat(reopened.find("cam-7").orElseThrow().device().tags()).containsEntry("SecurityGroup", "cameras");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("devices.json.journal")))).isEqualTo("rw-------");
  }

  @Test
  void keysNeverAppearInToString() {
    RegisteredDevice gw = DeviceRegistry.open(dir.resolve("d.json"), clock, new SecureRandom()).create("gw-1", null);
    assertThat(gw.toString()).doesNotContain(gw.primaryKey()).doesNotContain(gw.secondaryKey()).contains("keys=***");
  }

  @Test
  void refusesDuplicatesAndBadIds() {
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("d.json"), clock, new SecureRandom());
    registry.create("gw-1", null);
    assertThatThrownBy(() -> registry.create("gw-1", null)).hasMessage("device 'gw-1' already exists");
    assertThatThrownBy(() -> registry.create("bad/id", null)).hasMessageStartingWith("device id 'bad/id' must be");
    assertThatThrownBy(() -> registry.create("gw-2", "no spaces")).hasMessageStartingWith("security group 'no spaces' must be");
  }

  @Test
  void devicesAreDisabledRotatedAndDeletedDurably() {
    Path file = dir.resolve("devices.json");
    DeviceRegistry registry = DeviceRegistry.open(file, clock, new SecureRandom());
    RegisteredDevice gw = registry.create("gw-1", null);
    assertThat(registry.setEnabled("gw-1", false).device().enabled()).isFalse();
    RegisteredDevice rotated = registry.rotateKey("gw-1", true);
    assertThat(rotated.primaryKey()).isEqualTo(gw.primaryKey());
    assertThat(rotated.secondaryKey()).isNotEqualTo(gw.secondaryKey());
    DeviceRegistry reopened = DeviceRegistry.open(file, clock, new SecureRandom());
    assertThat(reopened.find("gw-1").orElseThrow()).isEqualTo(rotated);
    reopened.delete("gw-1");
    assertThat(DeviceRegistry.open(file, clock, new SecureRandom()).find("gw-1")).isEmpty();
    assertThatThrownBy(() -> reopened.delete("gw-1")).hasMessage("no device 'gw-1'");
    assertThatThrownBy(() -> reopened.setEnabled("nope", true)).hasMessage("no device 'nope'");
  }

  @Test
  void corruptFilesAreReportedWithTheirLocation() throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"devices\": [\n  {\"deviceId\": ");
    assertThatThrownBy(() -> DeviceRegistry.open(broken, clock, new SecureRandom()))
        .hasMessageContaining("device registry " + broken + " is not valid JSON at line 2");
    Path missingField = dir.resolve("missing.json");
    Files.writeString(missingField, "{\"devices\": [{\"deviceId\": \"gw-1\"}]}");
    assertThatThrownBy(() -> DeviceRegistry.open(missingField, clock, new SecureRandom()))
        .hasMessage("device registry " + missingField + ": /devices/0: \"securityGroup\" is missing or not a string");
  }

  @Test
  void x509DevicesKeepTheirThumbprintsAndHaveNoKeys() {
    Path file = dir.resolve("devices.json");
    DeviceRegistry registry = DeviceRegistry.open(file, clock, new SecureRandom());
    Thumbprint primary = Thumbprint.parse("AB".repeat(32));
    Thumbprint secondary = Thumbprint.parse("cd".repeat(20));
    RegisteredDevice self = registry.createWithThumbprint("x-1", null, primary, secondary);
    RegisteredDevice signed = registry.createCaSigned("x-2", "plcs");
    assertThat(self.device().authType()).isEqualTo(AuthType.X509_SELF_SIGNED);
    assertThat(self.primaryKey()).isNull();
    assertThat(signed.device().authType()).isEqualTo(AuthType.X509_CA);
    assertThat(signed.primaryThumbprint()).isNull();

    DeviceRegistry reopened = DeviceRegistry.open(file, clock, new SecureRandom());
    assertThat(reopened.find("x-1").orElseThrow()).isEqualTo(self);
    assertThat(reopened.find("x-2").orElseThrow()).isEqualTo(signed);
    assertThat(reopened.setEnabled("x-1", false).primaryThumbprint()).isEqualTo(primary);
    assertThatThrownBy(() -> reopened.rotateKey("x-1", false))
        .hasMessage("device 'x-1' authenticates with an X.509 certificate and has no keys to rotate");
    assertThatThrownBy(() -> registry.createCaSigned("x-1", null)).hasMessage("device 'x-1' already exists");
  }

  @Test
  void aLargeFleetIsJournaledCompactedAndReplayed() throws Exception {
    Path file = dir.resolve("fleet.json");
    DeviceRegistry registry = DeviceRegistry.open(file, java.time.Clock.systemUTC(), new java.security.SecureRandom());
    for (int i = 0; i < 3000; i++) {
      registry.create("dev-" + i, null);
    }
    registry.delete("dev-7");
    registry.setEnabled("dev-8", false);
    // The journal was folded into the snapshot as it outgrew the registry: it stays short.
    assertThat(Files.readAllLines(dir.resolve("fleet.json.journal")).size()).isLessThanOrEqualTo(3000);
    DeviceRegistry reopened = DeviceRegistry.open(file, java.time.Clock.systemUTC(), new java.security.SecureRandom());
    assertThat(reopened.list()).hasSize(2999);
    assertThat(reopened.find("dev-7")).isEmpty();
    assertThat(reopened.find("dev-8").orElseThrow().device().enabled()).isFalse();
    assertThat(reopened.find("dev-2999").orElseThrow().primaryKey()).isEqualTo(registry.find("dev-2999").orElseThrow().primaryKey());
  }

  @Test
  void aJournalLineTornByACrashIsIgnoredButACorruptOneIsReported() throws Exception {
    Path file = dir.resolve("torn.json");
    DeviceRegistry registry = DeviceRegistry.open(file, java.time.Clock.systemUTC(), new java.security.SecureRandom());
    registry.create("gw-1", null);
    Path journal = dir.resolve("torn.json.journal");
    Files.writeString(journal, "{\"put\": {\"deviceId\": \"gw-2\", \"secur", java.nio.file.StandardOpenOption.APPEND);
    DeviceRegistry reopened = DeviceRegistry.open(file, java.time.Clock.systemUTC(), new java.security.SecureRandom());
    assertThat(reopened.list()).extracting(RegisteredDevice::deviceId).containsExactly("gw-1");
    Files.writeString(journal, "\n{\"put\": {\"deviceId\": \"gw-3\"}}\n", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> DeviceRegistry.open(file, java.time.Clock.systemUTC(), new java.security.SecureRandom()))
        .hasMessageStartingWith("device registry journal " + journal + ":2 is not valid JSON");
  }

  @Test
  void tagsAreSetOnCreateChangedAndRemovedDurably() {
    Path file = dir.resolve("devices.json");
    DeviceRegistry registry = DeviceRegistry.open(file, clock, new SecureRandom());
    registry.create("gw-1", null, java.util.Map.of("site", "Plant A (hall 3)", "owner", "ops@example.com"));
    registry.createCaSigned("gw-2", null, java.util.Map.of("SecurityGroup", "lab"));
    assertThat(registry.find("gw-1").orElseThrow().device().tags())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("SecurityGroup", "default", "site", "Plant A (hall 3)", "owner", "ops@example.com"));
    assertThat(registry.find("gw-2").orElseThrow().device().securityGroup()).as("the tag is the group").isEqualTo("lab");

    java.util.Map<String, String> changes = new java.util.HashMap<>();
    changes.put("site", "Plant B");
    changes.put("owner", null);
    changes.put("SecurityGroup", "cameras");
    RegisteredDevice moved = registry.updateTags("gw-1", changes);
    assertThat(moved.device().securityGroup()).isEqualTo("cameras");
    assertThat(moved.device().tags()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("SecurityGroup", "cameras", "site", "Plant B"));
    assertThat(moved.primaryKey()).isEqualTo(registry.find("gw-1").orElseThrow().primaryKey());

    java.util.Map<String, String> ungroup = new java.util.HashMap<>();
    ungroup.put("SecurityGroup", null);
    registry.updateTags("gw-2", ungroup);

    DeviceRegistry reopened = DeviceRegistry.open(file, clock, new SecureRandom());
    assertThat(reopened.find("gw-1").orElseThrow()).isEqualTo(moved);
    assertThat(reopened.find("gw-2").orElseThrow().device().securityGroup()).as("no group tag: the default group").isEqualTo("default");
    assertThat(reopened.find("gw-2").orElseThrow().device().tags()).containsExactlyEntriesOf(java.util.Map.of("SecurityGroup", "default"));
  }

  @Test
  void badTagsAreRefusedNamingTheTagAndChangeNothing() {
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("d.json"), clock, new SecureRandom());
    assertThatThrownBy(() -> registry.create("gw-1", null, java.util.Map.of("bad key", "x")))
        .hasMessage("tag key 'bad key' must be 1-64 letters, digits, '.', '_' or '-'");
    assertThatThrownBy(() -> registry.create("gw-1", null, java.util.Map.of("site", "a\nb")))
        .hasMessage("tag 'site': value 'a\nb' must be 1-256 letters, digits, spaces or . _ : / @ + = , ( ) # -");
    assertThatThrownBy(() -> registry.create("gw-1", null, java.util.Map.of("site", "x".repeat(257))))
        .hasMessageStartingWith("tag 'site': value 'xxx");
    assertThatThrownBy(() -> registry.create("gw-1", null, java.util.Map.of("k".repeat(65), "x")))
        .hasMessageStartingWith("tag key 'kkk");
    assertThatThrownBy(() -> registry.create("gw-1", "lab", java.util.Map.of("SecurityGroup", "cameras")))
        .hasMessage("tag 'SecurityGroup' is 'cameras' but the security group is 'lab': give one or make them equal");
    assertThatThrownBy(() -> registry.create("gw-1", null, java.util.Map.of("SecurityGroup", "a b")))
        .hasMessage("tag 'SecurityGroup': security group 'a b' must be 1-64 letters, digits, '.', '_' or '-'");
    assertThat(registry.list()).isEmpty();

    registry.create("gw-1", null, java.util.Map.of("site", "a"));
    java.util.Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i < DeviceTags.MAX_TAGS; i++) {
      many.put("t" + i, "v");
    }
    assertThatThrownBy(() -> registry.updateTags("gw-1", many))
        .hasMessage("a device carries at most 32 tags (SecurityGroup included), these are 34");
    assertThatThrownBy(() -> registry.updateTags("gw-1", java.util.Map.of("SecurityGroup", "no/slash")))
        .hasMessage("tag 'SecurityGroup': security group 'no/slash' must be 1-64 letters, digits, '.', '_' or '-'");
    assertThatThrownBy(() -> registry.updateTags("gw-9", java.util.Map.of("a", "b"))).hasMessage("no device 'gw-9'");
    assertThat(registry.find("gw-1").orElseThrow().device().tags()).containsExactlyInAnyOrderEntriesOf(
        java.util.Map.of("SecurityGroup", "default", "site", "a"));
  }

  @Test
  void tagsAndEnabledChangeInOneWriteAndAnUnknownDeviceIsNotFound() throws Exception {
    Path file = dir.resolve("both.json");
    DeviceRegistry registry = DeviceRegistry.open(file, clock, new SecureRandom());
    registry.create("gw-1", null, java.util.Map.of("site", "Plant A"));
    long lines = Files.readAllLines(dir.resolve("both.json.journal")).size();
    java.util.Map<String, String> changes = new java.util.HashMap<>();
    changes.put("site", null);
    changes.put("SecurityGroup", "cameras");
    RegisteredDevice updated = registry.update("gw-1", changes, false).orElseThrow();
    assertThat(Files.readAllLines(dir.resolve("both.json.journal"))).as("one write").hasSize((int) lines + 1);
    assertThat(updated.device().enabled()).isFalse();
    assertThat(updated.device().securityGroup()).isEqualTo("cameras");
    assertThat(updated.device().tags()).containsExactlyEntriesOf(java.util.Map.of("SecurityGroup", "cameras"));
    assertThat(registry.update("gw-1", java.util.Map.of(), null).orElseThrow()).as("nothing to change").isEqualTo(updated);
    assertThat(DeviceRegistry.open(file, clock, new SecureRandom()).find("gw-1").orElseThrow()).isEqualTo(updated);

    registry.delete("gw-1");
    assertThat(registry.update("gw-1", java.util.Map.of("a", "b"), true)).isEmpty();
    registry.create("gw-2", null);
    assertThatThrownBy(() -> registry.update("gw-2", java.util.Map.of("SecurityGroup", "no/slash"), false))
        .hasMessage("tag 'SecurityGroup': security group 'no/slash' must be 1-64 letters, digits, '.', '_' or '-'");
    assertThat(registry.find("gw-2").orElseThrow().device().enabled()).as("neither change made").isTrue();
  }
}
