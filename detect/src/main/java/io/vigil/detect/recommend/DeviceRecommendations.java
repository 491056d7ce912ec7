package io.vigil.detect.recommend;

import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** One device's active recommendations, and the time of the latest snapshot of each source. Not thread-safe. */
final class DeviceRecommendations {
  /** A device with more findings than this has bigger problems; the rest wait for the next snapshot. */
  static final int MAX_ACTIVE = 500;

  private final String deviceId;
  private final Map<String, Recommendation> active = new LinkedHashMap<>();
  private final Map<RecommendationKind.Source, Instant> latestSnapshot = new EnumMap<>(RecommendationKind.Source.class);

  /** @param sources the sources this instance looks at; stored recommendations of other sources are left alone */
  DeviceRecommendations(String deviceId, List<Recommendation> stored, java.util.Set<RecommendationKind.Source> sources) {
    this.deviceId = deviceId;
    for (Recommendation r : stored) {
      RecommendationKind.byName(r.name()).filter(kind -> sources.contains(kind.source()))
          .ifPresent(kind -> active.put(key(kind, subject(r)), r));
    }
  }

  /**
   * Applies a snapshot of {@code source} taken at {@code time}: new findings become Active, changed
   * evidence updates them, and active ones from that source that the snapshot no longer shows become
   * Resolved. A snapshot older than one already applied is ignored.
   */
  void apply(RecommendationKind.Source source, Instant time, List<Finding> findings, Consumer<Recommendation> out) {
    Instant latest = latestSnapshot.get(source);
    if (latest != null && time.isBefore(latest)) {
      return;
    }
    latestSnapshot.put(source, time);
    Set<String> seen = new HashSet<>();
    for (Finding f : findings) {
      String key = key(f.kind(), f.subject());
      seen.add(key);
      Recommendation before = active.get(key);
      if (before == null && active.size() >= MAX_ACTIVE) {
        continue;
      }
      Recommendation now = recommendation(f, before == null ? time : before.discoveredTime());
      if (before == null || !before.description().equals(now.description()) || !before.additionalData().equals(now.additionalData())
          || before.severity() != now.severity()) {
        active.put(key, now);
        out.accept(now);
      }
    }
    for (Iterator<Map.Entry<String, Recommendation>> it = active.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Recommendation> e = it.next();
      Recommendation r = e.getValue();
      if (!seen.contains(e.getKey()) && RecommendationKind.byName(r.name()).map(k -> k.source() == source).orElse(false)) {
        it.remove();
        out.accept(new Recommendation(r.recommendationId(), r.deviceId(), r.name(), r.displayName(), r.severity(),
            RecommendationState.RESOLVED, r.description(), r.remediationSteps(), r.additionalData(), r.discoveredTime(), time));
      }
    }
  }

  int activeCount() {
    return active.size();
  }

  private Recommendation recommendation(Finding f, Instant discovered) {
    Map<String, String> data = new LinkedHashMap<>(f.additionalData());
    data.put("Subject", f.subject());
    return new Recommendation(id(f.kind(), f.subject()), deviceId, f.kind().recommendationName(), f.kind().displayName(), f.severity(),
        RecommendationState.ACTIVE, f.description(), f.kind().remediation(), data, discovered, null);
  }

  /** Stable per device, kind and subject, so a recommendation is one row however often it is seen. */
  private String id(RecommendationKind kind, String subject) {
    return UUID.nameUUIDFromBytes((deviceId + "|" + kind.recommendationName() + "|" + subject).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String key(RecommendationKind kind, String subject) {
    return kind.recommendationName() + "|" + subject;
  }

  private static String subject(Recommendation r) {
    return r.additionalData().getOrDefault("Subject", r.recommendationId());
  }
}
