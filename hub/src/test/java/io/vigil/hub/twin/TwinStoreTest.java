package io.vigil.hub.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinStoreTest {
  @TempDir Path dir;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private TwinStore store;

  @BeforeEach
  void open() {
    registered.addAll(Set.of("gw-1", "gw-2"));
    store = TwinStore.open(dir.resolve("twins"), registered::contains);
  }

  private static TwinPatch patch(String json) {
    return TwinPatch.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNewDeviceHasEmptySidesAtVersionOneAndNoFile() {
    Twin twin = store.get("gw-1");
    assertThat(twin.toDeviceJson().toString()).isEqualTo("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}");
    assertThat(Files.exists(store.file("gw-1"))).isFalse();
  }

  @Test
  void eachSideKeepsItsOwnVersion() {
    store.update("gw-1", Twin.Side.DESIRED, patch("{\"Process_Mode\":\"Polling\"}"));
    store.update("gw-1", Twin.Side.DESIRED, patch("{\"Process_Mode\":null,\"x\":1}"));
    Twin twin = store.update("gw-1", Twin.Side.REPORTED, patch("{\"latest_state\":\"ok\"}"));
    assertThat(twin.toJson().toString()).isEqualTo(
        "{\"deviceId\":\"gw-1\",\"desired\":{\"x\":1,\"$version\":3},\"reported\":{\"latest_state\":\"ok\",\"$version\":2}}");
    assertThat(store.get("gw-2").desired().version()).isEqualTo(1);
  }

  @Test
  void twinsSurviveReopeningInOwnerOnlyFiles() throws Exception {
    store.update("gw-1", Twin.Side.REPORTED, patch("{\"nested\":{\"a\":[1,2]}}"));
    TwinStore reopened = TwinStore.open(dir.resolve("twins"), registered::contains);
    Twin twin = reopened.get("gw-1");
    assertThat(twin.reported().version()).isEqualTo(2);
    assertThat(twin.reported().values().toString()).isEqualTo("{\"nested\":{\"a\":[1,2]}}");
    Path file = dir.resolve("twins/gw-1.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var files = Files.list(dir.resolve("twins"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("gw-1.json");
    }
  }

  @Test
  void aWriteReplacesTheFileAtomicallyAndIgnoresALeftoverTemporaryFile() throws Exception {
    store.update("gw-1", Twin.Side.DESIRED, patch("{\"a\":1}"));
    Path file = store.file("gw-1");
    Object before = Files.readAttributes(file, "unix:ino").get("ino");
    // A crash between writing the temporary file and the rename leaves it behind; it is not the twin.
    Files.writeString(file.resolveSibling("gw-1.json.tmp"), "{half");
    assertThat(store.get("gw-1").desired().version()).isEqualTo(2);
    store.update("gw-1", Twin.Side.DESIRED, patch("{\"a\":2}"));
    Object after = Files.readAttributes(file, "unix:ino").get("ino");
    assertThat(after).as("a new file renamed over the old one").isNotEqualTo(before);
    assertThat(Files.exists(file.resolveSibling("gw-1.json.tmp"))).isFalse();
    assertThat(Files.readString(file)).contains("\"a\" : 2");
  }

  @Test
  void aRefusedPatchLeavesTheTwinAsItWas() {
    store.update("gw-1", Twin.Side.REPORTED, patch("{\"a\":\"" + "x".repeat(30_000) + "\"}"));
    assertThatThrownBy(() -> store.update("gw-1", Twin.Side.REPORTED, patch("{\"b\":\"" + "y".repeat(5_000) + "\"}")))
        .isInstanceOf(TwinException.class)
        .hasMessageStartingWith("reported properties would be ");
    assertThat(store.get("gw-1").reported().version()).isEqualTo(2);
  }

  @Test
  void deleteRemovesTheTwinAndUnknownDevicesAreRefused() {
    store.update("gw-1", Twin.Side.DESIRED, patch("{\"a\":1}"));
    assertThat(store.delete("gw-1")).isTrue();
    assertThat(store.delete("gw-1")).isFalse();
    assertThat(store.get("gw-1").desired().version()).isEqualTo(1);
    registered.remove("gw-1");
    assertThatThrownBy(() -> store.get("gw-1"))
        .isInstanceOf(TwinException.class).hasMessage("no device 'gw-1'")
        .satisfies(e -> assertThat(((TwinException) e).status()).isEqualTo(404));
    assertThatThrownBy(() -> store.update("gw-1", Twin.Side.DESIRED, patch("{}")))
        .isInstanceOf(TwinException.class).hasMessage("no device 'gw-1'");
    assertThat(Files.exists(store.file("gw-1"))).isFalse();
  }

  @Test
  void aDamagedFileIsReportedWithItsPath() throws Exception {
    Path file = dir.resolve("twins/gw-2.json");
    Files.writeString(file, "{\"deviceId\":\"gw-2\",\n\"desired\": {");
    assertThatThrownBy(() -> store.get("gw-2"))
        .isInstanceOf(TwinException.class)
        .hasMessageStartingWith("twin file " + file + " is not valid JSON at line 2, column ")
        .satisfies(e -> assertThat(((TwinException) e).reason()).isEqualTo(TwinException.Reason.STORE_FAILED));
    Files.writeString(file, "{\"deviceId\":\"gw-2\",\"desired\":{\"$version\":1},\"reported\":{}}");
    assertThatThrownBy(() -> store.get("gw-2"))
        .hasMessage("twin file " + file + ": /reported/$version: a positive integer is required, got null");
    Files.writeString(file, "{\"deviceId\":\"gw-1\",\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}");
    assertThatThrownBy(() -> store.get("gw-2"))
        .hasMessage("twin file " + file + ": /deviceId: 'gw-2' expected, got \"gw-1\"");
  }
}
