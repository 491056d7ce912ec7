package io.vigil.hub.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.SecurityGroup;
import io.vigil.model.event.HubOperation;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The data-collection settings in force, global and per security group, changed live: every part
 * that applies them (the broker's IP filter, the pipeline's masking, monitoring and twin switches,
 * retention) asks here each time, so a change applies to the next connection, message or run.
 *
 * <p>Every change is written to {@code DATA/settings.json} before it applies and is recorded as a
 * {@code SettingsChanged} hub operation with what changed (never the IP hash key) and which settings
 * were added, edited or deleted (see {@link SettingsDiff}); a refused change is recorded as
 * {@code SettingsChanged/Invalid} with the reason.
 *
 * <p>Thread-safe: reads are lock-free on an immutable snapshot; changes are serialised.
 */
public final class DataCollection {
  /** The hub operation of a settings change. */
  public static final String OPERATION = "SettingsChanged";

  private final Path dataDir;
  private final Function<String, Optional<String>> groupOfDevice;
  private final HubOperationLog audit;
  private final Clock clock;
  private final byte[] key;
  private final Map<String, AtomicLong> unmonitored = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> unmonitoredOperations = new ConcurrentHashMap<>();
  private volatile SettingsDocument document;
  private volatile Map<String, IpMasker> maskers = Map.of();

  private DataCollection(Path dataDir, SettingsDocument document, Function<String, Optional<String>> groupOfDevice,
      HubOperationLog audit, Clock clock, byte[] key) {
    this.dataDir = dataDir;
    this.groupOfDevice = groupOfDevice;
    this.audit = audit;
    this.clock = clock;
    this.key = key;
    apply(document);
  }

  /**
   * Loads the settings stored in {@code dataDir} (the defaults if there are none) and the IP hash key
   * (made on first use).
   *
   * @param groupOfDevice a registered device's security group; empty for unknown devices, which get the global settings
   * @param audit where settings changes are recorded
   * @throws IllegalStateException if the stored settings are invalid, naming the file and each problem's JSON pointer
   */
  public static DataCollection open(Path dataDir, Function<String, Optional<String>> groupOfDevice, HubOperationLog audit,
      Clock clock, SecureRandom random) {
    return new DataCollection(dataDir, SettingsFile.load(dataDir), groupOfDevice, audit, clock, SettingsFile.key(dataDir, random));
  }

  /** The default settings (nothing masked or filtered, everything monitored and kept), not stored and not changeable. */
  public static DataCollection defaults() {
    return new DataCollection(null, SettingsDocument.DEFAULTS, id -> Optional.empty(), (d, op, at) -> { }, Clock.systemUTC(), new byte[0]);
  }

  private void apply(SettingsDocument doc) {
    Map<String, IpMasker> m = new TreeMap<>();
    m.put("", masker(doc.global()));
    doc.groups().keySet().forEach(g -> m.put(g, masker(doc.forGroup(g))));
    maskers = Map.copyOf(m);
    document = doc;
  }

  private IpMasker masker(Settings s) {
    return s.ipMasking().mode() == IpMasking.Mode.NONE ? IpMasker.none() : IpMasker.of(s.ipMasking(), key);
  }

  public Settings global() {
    return document.global();
  }

  /** The security groups that override something, with their overrides. */
  public Map<String, SettingsOverride> groupOverrides() {
    return document.groups();
  }

  /** The settings in force for a security group (the global ones where it overrides nothing). */
  public Settings forGroup(String group) {
    return document.forGroup(group);
  }

  /** The security group of a registered device; null for a device the registry does not know. */
  public String groupOf(String deviceId) {
    return deviceId == null || deviceId.isEmpty() ? null : groupOfDevice.apply(deviceId).orElse(null);
  }

  /** The settings in force for a device: its group's, or the global ones for an unknown device. */
  public Settings forDevice(String deviceId) {
    return forGroup(groupOf(deviceId));
  }

  /** How to mask IP addresses stored for a security group (null: the global masking). */
  public IpMasker masker(String group) {
    Map<String, IpMasker> m = maskers;
    return m.getOrDefault(group == null ? "" : group, m.get(""));
  }

  /**
   * Why a CONNECT from {@code source} claiming client id {@code clientId} is refused by the IP filter
   * of the device's group (the global filter for an unknown device), or empty when it may go on.
   */
  public Optional<String> connectionRefusal(String clientId, InetAddress source) {
    return forDevice(clientId).ipFilter().refusal(source);
  }

  /** Counts what devices of a group with monitoring off sent: not analysed, not stored. */
  public void countUnmonitored(String group, long events) {
    unmonitored.computeIfAbsent(group, g -> new AtomicLong()).addAndGet(events);
  }

  /** Counts a hub operation (connect, refusal, twin request ...) of a device whose group has monitoring off: not stored. */
  public void countUnmonitoredOperation(String group) {
    unmonitoredOperations.computeIfAbsent(group, g -> new AtomicLong()).incrementAndGet();
  }

  /** Per security group, the security events received while its monitoring was off, since start. */
  public Map<String, Long> unmonitoredCounts() {
    return snapshot(unmonitored);
  }

  /** Per security group, the hub operations of its devices not stored while its monitoring was off, since start. */
  public Map<String, Long> unmonitoredOperationCounts() {
    return snapshot(unmonitoredOperations);
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((g, n) -> out.put(g, n.get()));
    return out;
  }

  /**
   * Replaces the global settings; absent fields take their defaults.
   *
   * @throws SettingsException with each problem's JSON pointer in {@code body}; nothing changes then
   */
  public synchronized Settings replaceGlobal(JsonNode body) {
    Settings next;
    try {
      next = Settings.DEFAULTS.with(SettingsJson.parse(body, ""));
    } catch (SettingsException e) {
      record("global", "Invalid", Map.of("Reason", e.getMessage()));
      throw e;
    }
    change("global", document.withGlobal(next), SettingsJson.write(document.global()), SettingsJson.write(next),
        SettingsJson.write(Settings.DEFAULTS));
    return next;
  }

  /**
   * Replaces a security group's overrides; absent fields follow the global settings.
   *
   * @throws SettingsException with each problem's JSON pointer in {@code body}, or for an invalid group name
   */
  public synchronized SettingsOverride replaceGroup(String group, JsonNode body) {
    String scope = "securityGroup:" + group;
    SettingsOverride next;
    try {
      SecurityGroup.requireValidName(group);
      next = SettingsJson.parse(body, "");
    } catch (SettingsException e) {
      record(scope, "Invalid", Map.of("Reason", e.getMessage()));
      throw e;
    } catch (IllegalArgumentException e) {
      throw new SettingsException(List.of(e.getMessage()));
    }
    SettingsOverride before = document.groups().getOrDefault(group, SettingsOverride.NONE);
    change(scope, document.withGroup(group, next), SettingsJson.write(before), SettingsJson.write(next),
        SettingsJson.write(SettingsOverride.NONE));
    return next;
  }

  /** Removes a security group's overrides, so it follows the global settings; false if it had none. */
  public synchronized boolean removeGroup(String group) {
    SettingsOverride before = document.groups().get(group);
    if (before == null) {
      return false;
    }
    change("securityGroup:" + group, document.withGroup(group, SettingsOverride.NONE),
        SettingsJson.write(before), SettingsJson.write(SettingsOverride.NONE), SettingsJson.write(SettingsOverride.NONE));
    return true;
  }

  /** Saves and applies {@code next}; {@code unset} is what the scope holds when it sets nothing (the defaults, or no override). */
  private void change(String scope, SettingsDocument next, ObjectNode before, ObjectNode after, ObjectNode unset) {
    if (dataDir == null) {
      throw new IllegalStateException("these settings are the built-in defaults and cannot be changed");
    }
    SettingsFile.save(dataDir, next);
    apply(next);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Changes", changes(before, after));
    details.putAll(new SettingsDiff(before, after, unset).details());
    record(scope, "Success", details);
  }

  /** {@code field: before -> after} for each top-level field that differs; "unset" where a scope does not set it. */
  static String changes(ObjectNode before, ObjectNode after) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> fields = new java.util.TreeSet<>();
    before.fieldNames().forEachRemaining(fields::add);
    after.fieldNames().forEachRemaining(fields::add);
    for (String f : fields) {
      JsonNode b = before.get(f);
      JsonNode a = after.get(f);
      if (b == null || !b.equals(a)) {
        out.add(f + ": " + (b == null ? "unset" : b.toString()) + " -> " + (a == null ? "unset" : a.toString()));
      }
    }
    return out.isEmpty() ? "none" : String.join("; ", out);
  }

  private void record(String scope, String result, Map<String, String> extra) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Scope", scope);
    details.putAll(extra);
    audit.record("", new HubOperation.Operation(OPERATION, result, "API", null, details), clock.instant());
  }

  /** The whole document as JSON: {@code {"global": {...}, "securityGroups": {...}}}. */
  public ObjectNode toJson() {
    return document.toJson();
  }

  @Override
  public String toString() {
    return "DataCollection[" + document + "]"; // the key is never shown
  }
}
