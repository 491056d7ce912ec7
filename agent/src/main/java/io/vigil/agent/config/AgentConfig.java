package io.vigil.agent.config;

import io.vigil.agent.AgentSettings;
import io.vigil.agent.aggregate.AggregationSettings;
import io.vigil.agent.collect.baseline.BaselineSettings;
import io.vigil.agent.collect.fileintegrity.FileIntegritySettings;
import io.vigil.agent.collect.process.ProcessSettings;
import io.vigil.agent.spool.Priority;
import io.vigil.agent.spool.SpoolSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The agent's effective configuration: the keys that are set (from the local file or the twin), each
 * with the JSON value it was given and the setting it parsed to. Keys not set keep their defaults.
 */
public record AgentConfig(Map<String, Setting> values) {
  /** One key's value as given (for reporting) and as parsed. */
  public record Setting(Object given, Object parsed) {}

  public AgentConfig {
    values = Map.copyOf(values);
  }

  /** Nothing set: every default. */
  public static AgentConfig empty() {
    return new AgentConfig(Map.of());
  }

  private Object parsed(String key) {
    Setting s = values.get(key);
    return s == null ? null : s.parsed();
  }

  /** True if {@code key} holds the same setting in both. */
  boolean sameAs(AgentConfig other, String key) {
    return Objects.equals(parsed(key), other.parsed(key));
  }

  /** The connection string from the local file, or null. */
  public String connectionString() {
    return (String) parsed(ConfigKeys.CONNECTION_STRING);
  }

  /** The CA file from the local file, or null. */
  public Path caFile() {
    String f = (String) parsed(ConfigKeys.CA_FILE);
    return f == null ? null : Path.of(f);
  }

  /** The device certificate file from the local file, or null. */
  public Path certFile() {
    String f = (String) parsed(ConfigKeys.CERT_FILE);
    return f == null ? null : Path.of(f);
  }

  /** The device key file from the local file, or null. */
  public Path keyFile() {
    String f = (String) parsed(ConfigKeys.KEY_FILE);
    return f == null ? null : Path.of(f);
  }

  /** The HTTP CONNECT proxy from the local file, or null. */
  public io.vigil.agent.transport.HttpProxy proxy() {
    return (io.vigil.agent.transport.HttpProxy) parsed(ConfigKeys.PROXY);
  }

  /** The MQTT version from the local file, else 5. */
  public io.vigil.agent.transport.MqttVersion mqttVersion() {
    Object v = parsed(ConfigKeys.MQTT_VERSION);
    return v == null ? io.vigil.agent.transport.MqttVersion.V5 : (io.vigil.agent.transport.MqttVersion) v;
  }

  /** The values given for the keys the twin may set, for the reported properties. */
  public Map<String, Object> remoteValues(ConfigKeys keys) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.keySet().stream().sorted().forEach(k -> {
      if (!keys.get(k).localOnly()) {
        out.put(k, values.get(k).given());
      }
    });
    return out;
  }

  /** {@code base} with this configuration's intervals, priorities, aggregation and spool cap for these collectors. */
  @SuppressWarnings("unchecked")
  public AgentSettings apply(AgentSettings base, List<String> collectors) {
    Map<String, Duration> intervals = new HashMap<>(base.intervals());
    Set<String> disabled = new HashSet<>(base.disabled());
    Map<String, Priority> priorities = new HashMap<>(base.priorities());
    Map<String, Duration> aggregationIntervals = new HashMap<>(base.aggregation().intervalByCollector());
    Set<String> aggregating = new HashSet<>(base.aggregation().enabledCollectors());
    for (String c : collectors) {
      if (Boolean.TRUE.equals(parsed(ConfigKeys.disabledKey(c)))) {
        disabled.add(c);
      } else if (Boolean.FALSE.equals(parsed(ConfigKeys.disabledKey(c)))) {
        disabled.remove(c);
      }
      if (parsed(ConfigKeys.frequencyKey(c)) instanceof Priority p) {
        priorities.put(c, p);
      }
      if (parsed(ConfigKeys.intervalKey(c)) instanceof Duration d) {
        intervals.put(c, d);
      }
      String prefix = ConfigKeys.prefix(c);
      if (parsed(prefix + "_Aggregation_Enabled") instanceof Boolean on) {
        if (on) {
          aggregating.add(c);
        } else {
          aggregating.remove(c);
        }
      }
      if (parsed(prefix + "_Aggregation_Interval") instanceof Duration d) {
        aggregationIntervals.put(c, d);
      }
    }
    Map<Priority, Duration> priorityIntervals = new EnumMap<>(base.priorityIntervals());
    if (parsed(ConfigKeys.PRIORITY_INTERVALS) instanceof List<?> l) {
      List<Duration> d = (List<Duration>) l;
      priorityIntervals.put(Priority.HIGH, d.get(0));
      priorityIntervals.put(Priority.MEDIUM, d.get(1));
      priorityIntervals.put(Priority.LOW, d.get(2));
    }
    SpoolSettings spool = parsed(ConfigKeys.SPOOL_MAX_BYTES) instanceof Long max
        ? new SpoolSettings(max, base.spool().segmentBytes()) : base.spool();
    AggregationSettings aggregation = new AggregationSettings(aggregationIntervals, aggregating,
        base.aggregation().maxOpenAggregates(), base.aggregation().firstImmediately());
    return new AgentSettings(base.root(), base.tick(), base.maxMessageBytes(), intervals, disabled, aggregation,
        priorities, priorityIntervals, spool);
  }

  /** The process collector's settings: the defaults with {@code Process_Mode} and {@code Process_PollingInterval}. */
  public ProcessSettings process() {
    ProcessSettings d = ProcessSettings.defaults();
    ProcessSettings.Mode mode = parsed(ProcessSettings.MODE_KEY) instanceof ProcessSettings.Mode m ? m : d.mode();
    Duration polling = parsed(ProcessSettings.POLLING_INTERVAL_KEY) instanceof Duration p ? p : d.pollingInterval();
    return new ProcessSettings(mode, polling, d.maxBuffered());
  }

  /** The file integrity collector's settings: the defaults with {@code FileSystem_Paths}. */
  @SuppressWarnings("unchecked")
  public FileIntegritySettings fileIntegrity() {
    FileIntegritySettings d = FileIntegritySettings.defaults();
    return parsed(ConfigKeys.FILE_SYSTEM_PATHS) instanceof List<?> paths
        ? new FileIntegritySettings((List<String>) paths, d.rescanInterval(), d.maxFiles()) : d;
  }

  /** The baseline collector's settings: {@code Baseline_ChecksDisabled} and {@code Baseline_GroupsDisabled}. */
  @SuppressWarnings("unchecked")
  public BaselineSettings baseline() {
    List<String> checks = parsed(ConfigKeys.BASELINE_CHECKS_DISABLED) instanceof List<?> l ? (List<String>) l : List.of();
    List<String> groups = parsed(ConfigKeys.BASELINE_GROUPS_DISABLED) instanceof List<?> l ? (List<String>) l : List.of();
    return new BaselineSettings(Set.copyOf(checks), Set.copyOf(groups));
  }
}
