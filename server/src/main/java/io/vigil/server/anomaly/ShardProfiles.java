package io.vigil.server.anomaly;

import io.vigil.detect.anomaly.DeviceProfile;
import io.vigil.detect.anomaly.ProfileCodec;
import io.vigil.detect.anomaly.ProfileStore;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The anomaly profiles of the devices on one pipeline shard, in a map only that shard's thread
 * touches, written whole to {@code profiles-N.bin} (through a temporary file, moved into place).
 */
final class ShardProfiles implements ProfileStore {
  private final Path file;
  private final Map<String, DeviceProfile> profiles = new HashMap<>();
  private boolean dirty;

  ShardProfiles(Path file) {
    this.file = file;
  }

  @Override
  public DeviceProfile get(String deviceId) {
    return profiles.get(deviceId);
  }

  @Override
  public void put(String deviceId, DeviceProfile profile) {
    profiles.put(deviceId, profile);
    dirty = true;
  }

  @Override
  public void remove(String deviceId) {
    if (profiles.remove(deviceId) != null) {
      dirty = true;
    }
  }

  /** Adds a profile read from a snapshot. */
  void restore(String deviceId, DeviceProfile profile) {
    profiles.put(deviceId, profile);
  }

  int size() {
    return profiles.size();
  }

  boolean dirty() {
    return dirty;
  }

  Path file() {
    return file;
  }

  /**
   * Writes every profile to the shard's file, replacing it atomically.
   *
   * @throws IOException naming the file when it cannot be written
   */
  void write() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream os = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      ProfileCodec.writeHeader(out);
      for (Map.Entry<String, DeviceProfile> e : profiles.entrySet()) {
        ProfileCodec.write(out, e.getKey(), e.getValue());
      }
      ProfileCodec.writeEnd(out);
    } catch (IOException e) {
      throw new IOException("cannot write anomaly profiles to " + tmp + ": " + e.getMessage(), e);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    dirty = false;
  }
}
