package io.vigil.agent.config;

import io.vigil.agent.collect.process.ProcessSettings;
import io.vigil.agent.transport.MqttVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every configuration key the agent knows, in one explicit list. The names follow the retired
 * micro agent's twin: {@code <Collector>_Disabled}, {@code <Collector>_MessageFrequency},
 * {@code CollectorsCore_PriorityIntervals}, {@code Baseline_ChecksDisabled} and so on, where
 * {@code <Collector>} is the collector's spec name in PascalCase ({@code kernel_module} →
 * {@code KernelModule}).
 */
public final class ConfigKeys {
  /** The hub to connect to; local file only. */
  public static final String CONNECTION_STRING = "ConnectionString";
  /** PEM certificates to trust the hub by; local file only. */
  public static final String CA_FILE = "CaFile";
  /** The device's X.509 certificate (PEM) for x509=true connection strings; local file only. */
  public static final String CERT_FILE = "CertFile";
  /** The device's private key (PEM, unencrypted PKCS#8); local file only. */
  public static final String KEY_FILE = "KeyFile";
  /** An HTTP CONNECT proxy to reach the hub through; local file only. */
  public static final String PROXY = "Proxy";
  /** The MQTT version to speak to the hub, 5 or 3.1.1; local file only. */
  public static final String MQTT_VERSION = "MqttVersion";
  public static final String PRIORITY_INTERVALS = "CollectorsCore_PriorityIntervals";
  public static final String BASELINE_CHECKS_DISABLED = "Baseline_ChecksDisabled";
  public static final String BASELINE_GROUPS_DISABLED = "Baseline_GroupsDisabled";
  public static final String FILE_SYSTEM_PATHS = "FileSystem_Paths";
  public static final String SPOOL_MAX_BYTES = "Spool_MaxBytes";
  /** The collectors whose events can be aggregated. */
  static final List<String> AGGREGATING = List.of("process", "network");

  private static final long MIN_SPOOL_BYTES = 64 * 1024;
  private static final long MAX_SPOOL_BYTES = 1L << 30;

  private final Map<String, ConfigKey> keys;

  private ConfigKeys(Map<String, ConfigKey> keys) {
    this.keys = keys;
  }

  /** The keys for collectors with these spec names (the heartbeat cannot be disabled). */
  public static ConfigKeys forCollectors(List<String> collectors) {
    Map<String, ConfigKey> k = new LinkedHashMap<>();
    add(k, new ConfigKey(CONNECTION_STRING, null, true, ConfigKeys::text));
    add(k, new ConfigKey(CA_FILE, null, true, ConfigKeys::text));
    add(k, new ConfigKey(PROXY, null, true, v -> io.vigil.agent.transport.HttpProxy.parse(text(v))));
    add(k, new ConfigKey(MQTT_VERSION, null, true, v -> MqttVersion.parse(text(v), MQTT_VERSION)));
    add(k, new ConfigKey(CERT_FILE, null, true, ConfigKeys::text));
    add(k, new ConfigKey(KEY_FILE, null, true, ConfigKeys::text));
    add(k, new ConfigKey(PRIORITY_INTERVALS, null, false, ConfigKeys::priorityIntervals));
    for (String c : collectors) {
      if (!c.equals("heartbeat")) {
        add(k, ConfigKey.boolKey(disabledKey(c), null));
      }
      add(k, ConfigKey.frequency(frequencyKey(c)));
      add(k, ConfigKey.durationKey(intervalKey(c), null));
      if (AGGREGATING.contains(c)) {
        add(k, ConfigKey.boolKey(prefix(c) + "_Aggregation_Enabled", null));
        add(k, ConfigKey.durationKey(prefix(c) + "_Aggregation_Interval", null));
      }
    }
    // A distribution built without a collector does not know that collector's keys.
    if (collectors.contains("process")) {
      add(k, new ConfigKey(ProcessSettings.MODE_KEY, "process", false, v -> ProcessSettings.Mode.fromConfig(text(v))));
      add(k, new ConfigKey(ProcessSettings.POLLING_INTERVAL_KEY, "process", false, ConfigKeys::pollingInterval));
    }
    if (collectors.contains("baseline")) {
      add(k, ConfigKey.list(BASELINE_CHECKS_DISABLED, "baseline"));
      add(k, ConfigKey.list(BASELINE_GROUPS_DISABLED, "baseline"));
    }
    if (collectors.contains("file_integrity")) {
      add(k, new ConfigKey(FILE_SYSTEM_PATHS, "file_integrity", false, ConfigKeys::paths));
    }
    add(k, new ConfigKey(SPOOL_MAX_BYTES, null, false, ConfigKeys::spoolBytes));
    return new ConfigKeys(Map.copyOf(k));
  }

  private static void add(Map<String, ConfigKey> keys, ConfigKey key) {
    keys.put(key.name(), key);
  }

  /** The key called {@code name}, or null. */
  public ConfigKey get(String name) {
    return keys.get(name);
  }

  /** True if a key that restarts {@code collector} holds different settings in {@code before} and {@code after}. */
  public boolean restartNeeded(String collector, AgentConfig before, AgentConfig after) {
    for (ConfigKey k : keys.values()) {
      if (collector.equals(k.restarts()) && !before.sameAs(after, k.name())) {
        return true;
      }
    }
    return false;
  }

  /** Every key name. */
  public List<String> names() {
    return keys.keySet().stream().sorted().toList();
  }

  /** {@code kernel_module} → {@code KernelModule}. */
  public static String prefix(String collector) {
    StringBuilder out = new StringBuilder();
    for (String part : collector.split("_")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }

  public static String disabledKey(String collector) {
    return prefix(collector) + "_Disabled";
  }

  public static String frequencyKey(String collector) {
    return prefix(collector) + "_MessageFrequency";
  }

  public static String intervalKey(String collector) {
    return prefix(collector) + "_Interval";
  }

  private static String text(Object v) {
    if (v instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new IllegalArgumentException(ConfigKey.show(v) + " is not a non-empty string");
  }

  /**
   * High, Medium and Low, as the old agent's {@code "30,120,1440"} (minutes), each item also an ISO
   * 8601 duration ({@code "PT2S,PT5M,PT30M"}); or a JSON array of three.
   */
  private static List<Duration> priorityIntervals(Object v) {
    List<?> items = v instanceof List<?> l ? l : v instanceof String s ? List.of(s.split(",", -1)) : null;
    if (items == null || items.size() != 3) {
      throw new IllegalArgumentException(ConfigKey.show(v) + " is not three intervals '<High>,<Medium>,<Low>' in minutes, such as '30,120,1440'");
    }
    List<Duration> out = new ArrayList<>();
    String[] names = {"High", "Medium", "Low"};
    for (int i = 0; i < 3; i++) {
      Object item = items.get(i) instanceof String s ? s.strip() : items.get(i);
      Duration d;
      try {
        d = ConfigKey.duration(item, Duration.ofMinutes(1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the " + names[i] + " interval: " + e.getMessage(), e);
      }
      if (d.isNegative()) {
        throw new IllegalArgumentException("the " + names[i] + " interval " + ConfigKey.show(items.get(i)) + " is negative");
      }
      out.add(d);
    }
    return List.copyOf(out);
  }

  private static Duration pollingInterval(Object v) {
    Duration d = ConfigKey.positiveDuration(v);
    if (d.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(ConfigKey.show(v) + " must be at least 1 ms");
    }
    return d;
  }

  private static List<String> paths(Object v) {
    List<String> paths = ConfigKey.stringList(v);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no paths: name at least one file or directory (or disable the collector with FileIntegrity_Disabled)");
    }
    for (String p : paths) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException("path '" + p + "' is not absolute");
      }
    }
    return paths;
  }

  private static long spoolBytes(Object v) {
    long n = ConfigKey.wholeNumber(v);
    if (n < MIN_SPOOL_BYTES || n > MAX_SPOOL_BYTES) {
      throw new IllegalArgumentException(n + " is outside " + MIN_SPOOL_BYTES + " to " + MAX_SPOOL_BYTES + " bytes");
    }
    return n;
  }
}
