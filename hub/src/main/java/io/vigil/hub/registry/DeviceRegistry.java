package io.vigil.hub.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.ca.Thumbprint;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.WireName;
import io.vigil.wire.auth.ConnectionString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The devices the hub knows, with their credentials (SAS keys or certificate thumbprints),
 * persisted as a JSON snapshot plus an append-only journal of changes beside it ({@code
 * FILE.journal}, one JSON line per change), so that a change costs one small append however large
 * the fleet. The journal is folded into a new snapshot (written to a temporary file, forced, then
 * renamed atomically) once it holds more lines than the registry has devices.
 *
 * <p>Thread-safe. Reads are lock-free; changes are serialised and durable (the journal line is
 * forced to disk) before the method returns. A last journal line cut short by a crash was never
 * acknowledged and is ignored.
 */
public final class DeviceRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<String, RegisteredDevice> devices = new ConcurrentHashMap<>();
  private final Path journal;
  private FileChannel journalChannel;
  private int journalLines;

  private DeviceRegistry(Path file, Clock clock, SecureRandom random) {
    this.file = file;
    this.clock = clock;
    this.random = random;
    this.journal = file.resolveSibling(file.getFileName() + ".journal");
  }

  /**
   * Opens the registry stored in {@code file}, which need not exist yet.
   *
   * @throws IllegalStateException if the file exists but cannot be read, naming the file and the problem
   */
  public static DeviceRegistry open(Path file, Clock clock, SecureRandom random) {
    DeviceRegistry registry = new DeviceRegistry(file, clock, random);
    if (Files.exists(file)) {
      registry.load();
    }
    if (Files.exists(registry.journal)) {
      registry.replay();
    } else if (!Files.exists(file)) {
      registry.save(Map.of()); // an empty registry, so the file exists (mode 0600) from the start
    }
    return registry;
  }

  /**
   * Registers a device with fresh SAS keys.
   *
   * @throws IllegalArgumentException if the id or group is invalid, or the device exists
   */
  public synchronized RegisteredDevice create(String deviceId, String securityGroup) {
    return create(deviceId, securityGroup, Map.of());
  }

  /**
   * Registers a device with fresh SAS keys and tags.
   *
   * @param securityGroup null for the {@code SecurityGroup} tag of {@code tags}, or else the default group
   * @param tags see {@link DeviceTags}; may hold {@code SecurityGroup} when it agrees with {@code securityGroup}
   * @throws IllegalArgumentException if the id, group or a tag is invalid, or the device exists
   */
  public synchronized RegisteredDevice create(String deviceId, String securityGroup, Map<String, String> tags) {
    return add(deviceId, securityGroup, tags, AuthType.SAS,
        d -> new RegisteredDevice(d, ConnectionString.newKey(random), ConnectionString.newKey(random)));
  }

  /**
   * Registers a device that authenticates with an X.509 certificate known by its thumbprint: a
   * self-signed certificate, or one issued by Vigil's CA.
   *
   * @param secondary a second accepted thumbprint, for certificate rotation; may be null
   * @throws IllegalArgumentException if the id or group is invalid, or the device exists
   */
  public synchronized RegisteredDevice createWithThumbprint(String deviceId, String securityGroup, Thumbprint primary, Thumbprint secondary) {
    return createWithThumbprint(deviceId, securityGroup, Map.of(), primary, secondary);
  }

  /** As {@link #createWithThumbprint(String, String, Thumbprint, Thumbprint)}, with tags (see {@link #create(String, String, Map)}). */
  public synchronized RegisteredDevice createWithThumbprint(
      String deviceId, String securityGroup, Map<String, String> tags, Thumbprint primary, Thumbprint secondary) {
    return add(deviceId, securityGroup, tags, AuthType.X509_SELF_SIGNED, d -> new RegisteredDevice(d, null, null, primary, secondary));
  }

  /**
   * Registers a device whose certificate is signed by a CA registered with the hub: no credential
   * is stored; the certificate must chain to a verified CA and carry the device id as its CN.
   *
   * @throws IllegalArgumentException if the id or group is invalid, or the device exists
   */
  public synchronized RegisteredDevice createCaSigned(String deviceId, String securityGroup) {
    return createCaSigned(deviceId, securityGroup, Map.of());
  }

  /** As {@link #createCaSigned(String, String)}, with tags (see {@link #create(String, String, Map)}). */
  public synchronized RegisteredDevice createCaSigned(String deviceId, String securityGroup, Map<String, String> tags) {
    return add(deviceId, securityGroup, tags, AuthType.X509_CA, d -> new RegisteredDevice(d, null, null, null, null));
  }

  private RegisteredDevice add(String deviceId, String securityGroup, Map<String, String> tags, AuthType authType,
      Function<Device, RegisteredDevice> credentials) {
    Device.requireValidId(deviceId);
    Map<String, String> all = DeviceTags.forNewDevice(securityGroup, tags);
    if (devices.containsKey(deviceId)) {
      throw new IllegalArgumentException("device '" + deviceId + "' already exists");
    }
    Device device = new Device(deviceId, all.get(DeviceTags.SECURITY_GROUP), all, authType, true, clock.instant());
    RegisteredDevice registered = credentials.apply(device);
    append(JSON.createObjectNode().set("put", toJson(registered)));
    devices.put(deviceId, registered);
    return registered;
  }

  /**
   * Enables or disables a device. A disabled device is refused at CONNECT.
   *
   * @throws IllegalArgumentException if there is no such device
   */
  public synchronized RegisteredDevice setEnabled(String deviceId, boolean enabled) {
    RegisteredDevice r = existing(deviceId);
    Device d = r.device();
    return replace(r.with(new Device(d.deviceId(), d.securityGroup(), d.tags(), d.authType(), enabled, d.createdAt())));
  }

  /**
   * Changes a device's tags: each entry of {@code changes} sets its tag, or removes it when the value
   * is null. Setting {@code SecurityGroup} moves the device to that group, as registering it there
   * would have (everything reads the group from the registry, so the next message, CONNECT and
   * check see it); removing it moves the device to the default group.
   *
   * @throws IllegalArgumentException if there is no such device, or a tag is invalid (naming it)
   */
  public synchronized RegisteredDevice updateTags(String deviceId, Map<String, String> changes) {
    RegisteredDevice r = existing(deviceId);
    Device d = r.device();
    Map<String, String> tags = DeviceTags.changed(d.tags(), changes);
    return replace(r.with(new Device(d.deviceId(), tags.get(DeviceTags.SECURITY_GROUP), tags, d.authType(), d.enabled(), d.createdAt())));
  }

  /**
   * Changes a device's tags, as {@link #updateTags} does, and whether it is enabled, as
   * {@link #setEnabled} does, in one registry write: both or neither.
   *
   * @param changes the tag changes; empty for none
   * @param enabled whether the device is enabled from now on; null keeps it as it is
   * @return the changed device; empty if there is no such device
   * @throws IllegalArgumentException if a tag is invalid (naming it)
   */
  public synchronized Optional<RegisteredDevice> update(String deviceId, Map<String, String> changes, Boolean enabled) {
    RegisteredDevice r = devices.get(deviceId);
    if (r == null) {
      return Optional.empty();
    }
    Device d = r.device();
    Map<String, String> tags = changes.isEmpty() ? d.tags() : DeviceTags.changed(d.tags(), changes);
    String group = changes.isEmpty() ? d.securityGroup() : tags.get(DeviceTags.SECURITY_GROUP);
    boolean on = enabled == null ? d.enabled() : enabled;
    return Optional.of(replace(r.with(new Device(d.deviceId(), group, tags, d.authType(), on, d.createdAt()))));
  }

  /**
   * Replaces one of a device's keys with a fresh one. Tokens signed with the old key stop working
   * at the next connect; rotate the secondary, move devices to it, then rotate the primary.
   *
   * @throws IllegalArgumentException if there is no such device, or it has no keys (X.509)
   */
  public synchronized RegisteredDevice rotateKey(String deviceId, boolean secondary) {
    RegisteredDevice r = existing(deviceId);
    if (r.device().authType() != AuthType.SAS) {
      throw new IllegalArgumentException("device '" + deviceId + "' authenticates with an X.509 certificate and has no keys to rotate");
    }
    String fresh = ConnectionString.newKey(random);
    return replace(secondary
        ? new RegisteredDevice(r.device(), r.primaryKey(), fresh)
        : new RegisteredDevice(r.device(), fresh, r.secondaryKey()));
  }

  /**
   * Removes a device and its keys.
   *
   * @throws IllegalArgumentException if there is no such device
   */
  public synchronized void delete(String deviceId) {
    existing(deviceId);
    append(JSON.createObjectNode().put("delete", deviceId));
    devices.remove(deviceId);
  }

  private RegisteredDevice existing(String deviceId) {
    RegisteredDevice r = devices.get(deviceId);
    if (r == null) {
      throw new IllegalArgumentException("no device '" + deviceId + "'");
    }
    return r;
  }

  private RegisteredDevice replace(RegisteredDevice r) {
    append(JSON.createObjectNode().set("put", toJson(r)));
    devices.put(r.deviceId(), r);
    return r;
  }

  /**
   * Appends one change to the journal and forces it to disk; folds the journal into a new snapshot
   * when it has grown longer than the registry. The caller applies the change in memory after.
   */
  private void append(ObjectNode change) {
    try {
      if (journalChannel == null) {
        Files.createDirectories(journal.toAbsolutePath().getParent());
        journalChannel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        setOwnerOnly(journal);
      }
      byte[] line = (JSON.writeValueAsString(change) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        journalChannel.write(b);
      }
      journalChannel.force(false);
      journalLines++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write device registry journal " + journal + ": " + e.getMessage(), e);
    }
    if (journalLines > Math.max(1024, devices.size())) {
      compact(change);
    }
  }

  /** Writes a snapshot holding the journal's changes (the last one not yet applied), then empties the journal. */
  private void compact(ObjectNode last) {
    Map<String, RegisteredDevice> next = new HashMap<>(devices);
    apply(next, last, journal + " (last change)");
    save(next);
    try {
      journalChannel.truncate(0);
      journalChannel.force(true);
      journalLines = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty device registry journal " + journal + ": " + e.getMessage(), e);
    }
  }

  /** Replays the journal over the snapshot; a last line cut short by a crash is ignored. */
  private void replay() {
    List<String> lines;
    try {
      lines = Files.readAllLines(journal);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read device registry journal " + journal + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode change;
      try {
        change = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        if (i == lines.size() - 1) {
          break; // torn by a crash before it was forced: the change was never acknowledged
        }
        throw new IllegalStateException("device registry journal " + journal + ":" + (i + 1) + " is not valid JSON: "
            + e.getOriginalMessage(), e);
      }
      apply(devices, change, journal + ":" + (i + 1));
      journalLines++;
    }
  }

  private static void apply(Map<String, RegisteredDevice> into, JsonNode change, String where) {
    try {
      if (change.has("put")) {
        RegisteredDevice r = fromJson(change.get("put"));
        into.put(r.deviceId(), r);
      } else if (change.has("delete")) {
        into.remove(change.get("delete").asText());
      } else {
        throw new IllegalArgumentException("neither \"put\" nor \"delete\"");
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("device registry journal " + where + ": " + e.getMessage(), e);
    }
  }

  /** The device with this id, if registered. */
  public Optional<RegisteredDevice> find(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  /** All devices, ordered by id. */
  public List<RegisteredDevice> list() {
    List<RegisteredDevice> all = new ArrayList<>(devices.values());
    all.sort(Comparator.comparing(RegisteredDevice::deviceId));
    return all;
  }

  private void load() {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("device registry " + file + " is not valid JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read device registry " + file + ": " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("devices");
    if (list == null || !list.isArray()) {
      throw new IllegalStateException("device registry " + file + " has no \"devices\" array");
    }
    for (int i = 0; i < list.size(); i++) {
      try {
        RegisteredDevice r = fromJson(list.get(i));
        devices.put(r.deviceId(), r);
      } catch (RuntimeException e) {
        throw new IllegalStateException("device registry " + file + ": /devices/" + i + ": " + e.getMessage(), e);
      }
    }
  }

  private static RegisteredDevice fromJson(JsonNode d) {
    Map<String, String> tags = new HashMap<>();
    d.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    Device device = new Device(text(d, "deviceId"), text(d, "securityGroup"), tags,
        WireName.parse(AuthType.class, text(d, "authType")), d.path("enabled").asBoolean(true),
        Instant.parse(text(d, "createdAt")));
    return switch (device.authType()) {
      case SAS -> new RegisteredDevice(device, text(d, "primaryKey"), text(d, "secondaryKey"));
      case X509_SELF_SIGNED -> new RegisteredDevice(device, null, null, Thumbprint.parse(text(d, "primaryThumbprint")),
          d.hasNonNull("secondaryThumbprint") ? Thumbprint.parse(text(d, "secondaryThumbprint")) : null);
      case X509_CA -> new RegisteredDevice(device, null, null, null, null);
    };
  }

  private static ObjectNode toJson(RegisteredDevice r) {
    Device d = r.device();
    ObjectNode n = JSON.createObjectNode();
    n.put("deviceId", d.deviceId());
    n.put("securityGroup", d.securityGroup());
    ObjectNode tags = n.putObject("tags");
    d.tags().forEach(tags::put);
    n.put("authType", d.authType().wireName());
    n.put("enabled", d.enabled());
    n.put("createdAt", d.createdAt().toString());
    if (r.primaryKey() != null) {
      n.put("primaryKey", r.primaryKey());
      n.put("secondaryKey", r.secondaryKey());
    }
    if (r.primaryThumbprint() != null) {
      n.put("primaryThumbprint", r.primaryThumbprint().hex());
    }
    if (r.secondaryThumbprint() != null) {
      n.put("secondaryThumbprint", r.secondaryThumbprint().hex());
    }
    return n;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
    }
    return v.asText();
  }

  private void save(Map<String, RegisteredDevice> all) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("devices");
    all.values().stream().sorted(Comparator.comparing(RegisteredDevice::deviceId)).forEach(r -> list.add(toJson(r)));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(root));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      setOwnerOnly(tmp);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write device registry " + file + ": " + e.getMessage(), e);
    }
  }

  /** The registry holds device keys: only the owner may read it. */
  private static void setOwnerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing finer than the directory's permissions is available.
    }
  }
}
