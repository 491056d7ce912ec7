package io.vigil.detect.recommend;

import io.vigil.model.Recommendation;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.SecurityEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Posture recommendations from the agent's snapshots: listening ports ({@code IoT_OpenPorts}),
 * firewall ({@code IoT_PermissiveFirewallPolicy}, {@code IoT_PermissiveInputFirewallRules},
 * {@code IoT_PermissiveOutputFirewallRules}) and OS baseline ({@code IoT_Baseline}, one per failed
 * check). A finding becomes an Active recommendation the moment its snapshot is evaluated; a later
 * snapshot of the same kind that no longer shows it resolves it. Each recommendation has a stable id
 * per device, kind and subject, so it is one row however often it is seen.
 *
 * <p>Threading: call it for a given device from one thread at a time (the pipeline's shard); devices
 * may be on different threads. State is per device: its active recommendations, loaded once from
 * the store the first time the device's snapshot is seen, so a restart resolves what was found
 * before it.
 */
public final class Recommender {
  private final Function<String, List<Recommendation>> stored;
  private final Map<String, DeviceRecommendations> devices = new ConcurrentHashMap<>();

  /** @param stored the device's recommendations that are Active in the store */
  public Recommender(Function<String, List<Recommendation>> stored) {
    this.stored = stored;
  }

  /** A recommender that starts from nothing, for tests and tools. */
  public static Recommender inMemory() {
    return new Recommender(id -> List.of());
  }

  /** Emits the recommendations that {@code event} opens, changes or resolves; nothing for events that are not snapshots. */
  public void evaluate(DeviceEvent event, Consumer<Recommendation> out) {
    SecurityEvent e = event.event();
    if (!isSnapshot(e)) {
      return;
    }
    // An empty baseline means no check ran (the collector could not), not that every check passed.
    if (e instanceof OSBaseline b && b.payload().isEmpty()) {
      return;
    }
    devices.computeIfAbsent(event.deviceId(), id -> new DeviceRecommendations(id, stored.apply(id)))
        .apply(e.kind(), e.header().timestampUtc(), PostureChecks.findings(e), out);
  }

  private static boolean isSnapshot(SecurityEvent e) {
    for (RecommendationKind k : RecommendationKind.values()) {
      if (k.source() == e.kind()) {
        return true;
      }
    }
    return false;
  }

  /** How many recommendations are active for {@code deviceId}, as far as this recommender has seen. */
  public int activeCount(String deviceId) {
    DeviceRecommendations d = devices.get(deviceId);
    return d == null ? 0 : d.activeCount();
  }
}
