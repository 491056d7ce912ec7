package io.vigil.detect.recommend;

import io.vigil.model.Recommendation;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.SecurityEvent;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Recommendations from what devices send: the posture snapshots, listening ports
 * ({@code IoT_OpenPorts}), firewall ({@code IoT_PermissiveFirewallPolicy},
 * {@code IoT_PermissiveInputFirewallRules}, {@code IoT_PermissiveOutputFirewallRules}) and OS
 * baseline ({@code IoT_Baseline}, one per failed check), and the agent version of each heartbeat
 * ({@code IoT_AgentOutdated}); the security messages themselves ({@code IoT_AgentSendsUnutilizedMessages},
 * see {@link MessageUsage}); and the agent configuration in the device twin, looked at after each
 * successful twin update ({@code IoT_TwinConfigurationNotOptimal}, {@code IoT_TwinConfigurationConflict},
 * see {@link TwinChecks}). A finding becomes an Active recommendation the moment its event is
 * evaluated; a later event of the same source that no longer shows it resolves it. Each
 * recommendation has a stable id per device, kind and subject, so it is one row however often it is
 * seen.
 *
 * <p>Threading: call it for a given device from one thread at a time (the pipeline's shard); devices
 * may be on different threads. State is per device: its active recommendations, loaded once from
 * the store the first time the device is seen, so a restart resolves what was found before it, and
 * its message window. It keeps at most {@code maxDevices} devices (by default
 * {@value #DEFAULT_MAX_DEVICES}): beyond that the device seen longest ago is forgotten, and loaded
 * from the store again when it comes back (its open message window is lost).
 */
public final class Recommender {
  private static final Set<RecommendationKind.Source> SOURCES = EnumSet.of(RecommendationKind.Source.LISTENING_PORTS,
      RecommendationKind.Source.FIREWALL, RecommendationKind.Source.BASELINE, RecommendationKind.Source.AGENT,
      RecommendationKind.Source.MESSAGES, RecommendationKind.Source.TWIN_SETTINGS, RecommendationKind.Source.TWIN_APPLIED);
  private static final Set<String> TWIN_UPDATES = Set.of("TwinReportedUpdate", "TwinDesiredUpdate");

  private final Function<String, List<Recommendation>> stored;
  private final AgentVersion current;
  private final Function<String, Optional<TwinView>> twins;
  /** How many devices a recommender keeps unless told otherwise. */
  public static final int DEFAULT_MAX_DEVICES = 200_000;

  private final int maxDevices;
  /** In order of use, least recently used first; guarded by itself (shards share it). */
  private final LinkedHashMap<String, Device> devices;

  /** One device's state; used by its shard only. */
  private static final class Device {
    final MessageUsage usage = new MessageUsage();
    DeviceRecommendations recommendations;
  }

  /**
   * @param stored the device's recommendations that are Active in the store
   * @param currentAgentVersion the agent version this hub ships; an older one gets {@code IoT_AgentOutdated}.
   *     Null when unknown (a development build), which turns that check off
   * @param twins a device's twin, read after each of its successful twin updates; empty for none
   * @param maxDevices how many devices to keep at most
   * @throws IllegalArgumentException if {@code maxDevices} is below 1
   */
  public Recommender(Function<String, List<Recommendation>> stored, String currentAgentVersion,
      Function<String, Optional<TwinView>> twins, int maxDevices) {
    if (maxDevices < 1) {
      throw new IllegalArgumentException("maxDevices must be at least 1, was " + maxDevices);
    }
    this.stored = stored;
    this.current = currentAgentVersion == null ? null : AgentVersion.parse(currentAgentVersion);
    this.twins = twins;
    this.maxDevices = maxDevices;
    this.devices = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Device> eldest) {
        return size() > Recommender.this.maxDevices;
      }
    };
  }

  /** Keeping at most {@value #DEFAULT_MAX_DEVICES} devices. */
  public Recommender(Function<String, List<Recommendation>> stored, String currentAgentVersion,
      Function<String, Optional<TwinView>> twins) {
    this(stored, currentAgentVersion, twins, DEFAULT_MAX_DEVICES);
  }

  /** Without the twin checks. */
  public Recommender(Function<String, List<Recommendation>> stored, String currentAgentVersion) {
    this(stored, currentAgentVersion, id -> Optional.empty());
  }

  /** Starts from what the store holds, without the agent version check. */
  public Recommender(Function<String, List<Recommendation>> stored) {
    this(stored, null);
  }

  /** A recommender that starts from nothing, for tests and tools. */
  public static Recommender inMemory() {
    return new Recommender(id -> List.of());
  }

  /** Emits the recommendations that {@code event} opens, changes or resolves; nothing for other events. */
  public void evaluate(DeviceEvent event, Consumer<Recommendation> out) {
    SecurityEvent e = event.event();
    if (e instanceof HubOperation h) {
      twinUpdated(event.deviceId(), h, out);
      return;
    }
    MessageUsage messages = state(event.deviceId()).usage;
    List<Finding> closed = messages.add(event.received(), event.agentId(), event.deviceId());
    if (closed != null) {
      device(event.deviceId()).apply(RecommendationKind.Source.MESSAGES, messages.closedEnd(), closed, out);
    }
    RecommendationKind.Source source = switch (e) {
      case ListeningPorts p -> RecommendationKind.Source.LISTENING_PORTS;
      case FirewallConfiguration f -> RecommendationKind.Source.FIREWALL;
      // An empty baseline means no check ran (the collector could not), not that every check passed.
      case OSBaseline b when !b.payload().isEmpty() -> RecommendationKind.Source.BASELINE;
      case Heartbeat h when current != null && !event.agentVersion().isEmpty() -> RecommendationKind.Source.AGENT;
      default -> null;
    };
    if (source == null) {
      return;
    }
    List<Finding> findings = source == RecommendationKind.Source.AGENT
        ? AgentVersion.findings(event.agentVersion(), current)
        : PostureChecks.findings(e);
    device(event.deviceId()).apply(source, e.header().timestampUtc(), findings, out);
  }

  /** After a successful twin update of the device: checks its twin's agent configuration. */
  private void twinUpdated(String deviceId, HubOperation h, Consumer<Recommendation> out) {
    boolean updated = h.payload().stream().anyMatch(op -> TWIN_UPDATES.contains(op.operation()) && "Success".equals(op.result()));
    if (!updated) {
      return;
    }
    Optional<TwinView> twin = twins.apply(deviceId);
    if (twin.isEmpty()) {
      return;
    }
    java.time.Instant at = h.header().timestampUtc();
    DeviceRecommendations d = device(deviceId);
    d.apply(RecommendationKind.Source.TWIN_SETTINGS, at, TwinChecks.notOptimal(twin.get()), out);
    List<Finding> conflicts = TwinChecks.conflicts(twin.get());
    if (conflicts != null) {
      d.apply(RecommendationKind.Source.TWIN_APPLIED, at, conflicts, out);
    }
  }

  private Device state(String deviceId) {
    synchronized (devices) {
      return devices.computeIfAbsent(deviceId, id -> new Device());
    }
  }

  private DeviceRecommendations device(String deviceId) {
    Device d = state(deviceId);
    if (d.recommendations == null) {
      // Outside the lock: the store is read by the device's own shard, not while the others wait.
      d.recommendations = new DeviceRecommendations(deviceId, stored.apply(deviceId), SOURCES);
    }
    return d.recommendations;
  }

  /** How many recommendations are active for {@code deviceId}, as far as this recommender has seen. */
  public int activeCount(String deviceId) {
    Device d;
    synchronized (devices) {
      d = devices.get(deviceId);
    }
    return d == null || d.recommendations == null ? 0 : d.recommendations.activeCount();
  }

  /** How many devices it keeps. */
  int tracked() {
    synchronized (devices) {
      return devices.size();
    }
  }
}
