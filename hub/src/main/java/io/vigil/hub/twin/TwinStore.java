package io.vigil.hub.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Device twins as one JSON file per device, {@code DIR/<deviceId>.json}, each replaced atomically
 * (temporary file, fsync, rename, fsync of the directory) and readable by the owner only. A device
 * without a file has the {@linkplain Twin#initial initial} twin.
 *
 * <p>Reads may run at any time: a reader sees the file before or after a change, never half of it.
 * Changes for different devices may run concurrently; changes for the same device must not, and
 * callers serialise them (the {@link TwinService} runs each device's changes on one thread).
 */
public final class TwinStore {
  private final Path dir;
  private final Predicate<String> registered;

  private TwinStore(Path dir, Predicate<String> registered) {
    this.dir = dir;
    this.registered = registered;
  }

  /**
   * Opens the twins in {@code dir}, creating it if missing.
   *
   * @param registered whether a device id is registered; twins of other ids are refused, checked
   *     on each call so that a device deleted meanwhile gets no twin back
   * @throws java.io.UncheckedIOException naming the directory if it cannot be created
   */
  public static TwinStore open(Path dir, Predicate<String> registered) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create twin directory " + dir + ": " + e.getMessage(), e);
    }
    return new TwinStore(dir, registered);
  }

  /**
   * The device's twin.
   *
   * @throws TwinException {@link TwinException.Reason#UNKNOWN_DEVICE}, or
   *     {@link TwinException.Reason#STORE_FAILED} naming the file and the problem
   */
  public Twin get(String deviceId) {
    requireRegistered(deviceId);
    return read(deviceId);
  }

  /**
   * Merges {@code patch} into one side of the device's twin, bumps that side's version, and stores
   * the result durably before returning it.
   *
   * @throws TwinException {@link TwinException.Reason#UNKNOWN_DEVICE},
   *     {@link TwinException.Reason#PATCH_TOO_LARGE} or {@link TwinException.Reason#STORE_FAILED}
   */
  public Twin update(String deviceId, Twin.Side side, TwinPatch patch) {
    requireRegistered(deviceId);
    Twin current = read(deviceId);
    Twin next = current.with(side, current.side(side).patched(patch, side.jsonName()));
    write(next);
    return next;
  }

  /**
   * Deletes the device's twin, whether or not the device is still registered.
   *
   * @return whether there was a stored twin
   * @throws TwinException {@link TwinException.Reason#STORE_FAILED} naming the file
   */
  public boolean delete(String deviceId) {
    Path file = file(deviceId);
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new TwinException(TwinException.Reason.STORE_FAILED, "cannot delete twin file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Where the device's twin is stored. */
  Path file(String deviceId) {
    return dir.resolve(Device.requireValidId(deviceId) + ".json");
  }

  private void requireRegistered(String deviceId) {
    if (!registered.test(deviceId)) {
      throw new TwinException(TwinException.Reason.UNKNOWN_DEVICE, "no device '" + deviceId + "'");
    }
  }

  private Twin read(String deviceId) {
    Path file = file(deviceId);
    JsonNode root;
    try {
      root = TwinJson.MAPPER.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Twin.initial(deviceId);
    } catch (JsonProcessingException e) {
      throw new TwinException(TwinException.Reason.STORE_FAILED,
          "twin file " + file + " is not valid JSON" + TwinJson.at(e) + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TwinException(TwinException.Reason.STORE_FAILED, "cannot read twin file " + file + ": " + e.getMessage(), e);
    }
    try {
      if (!root.path("deviceId").asText("").equals(deviceId)) {
        throw new IllegalArgumentException("/deviceId: '" + deviceId + "' expected, got " + root.get("deviceId"));
      }
      return new Twin(deviceId,
          TwinProperties.fromJson(root.get("desired"), "/desired"), TwinProperties.fromJson(root.get("reported"), "/reported"));
    } catch (IllegalArgumentException e) {
      throw new TwinException(TwinException.Reason.STORE_FAILED, "twin file " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(Twin twin) {
    Path file = file(twin.deviceId());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      byte[] json = TwinJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(twin.toJson());
      Files.deleteIfExists(tmp); // left by a crash mid-write
      try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
        ByteBuffer buffer = ByteBuffer.wrap(json);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // The rename is durable only once the directory is.
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } catch (IOException e) {
      throw new TwinException(TwinException.Reason.STORE_FAILED, "cannot write twin file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Twins may hold configuration a device should not leak: only the owner may read them. */
  private static FileAttribute<?>[] ownerOnly() {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  }
}
