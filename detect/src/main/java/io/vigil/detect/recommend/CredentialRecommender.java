package io.vigil.detect.recommend;

import io.vigil.model.AuthType;
import io.vigil.model.Recommendation;
import io.vigil.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Recommendations from the device registry, checked across the whole fleet at once:
 * {@code IoT_SharedCredentials} (a device authenticates with a secret that another device also
 * has) and {@code IoT_SymmetricKeyAuthentication} (a device uses SAS keys rather than an X.509
 * certificate). Each check of the registry opens what it finds and resolves what it no longer finds.
 *
 * <p>Not thread-safe: run it from one thread (the server's periodic registry check). Its state is
 * separate from the {@link Recommender}'s, which runs on the pipeline's shards.
 */
public final class CredentialRecommender {
  private static final Set<RecommendationKind.Source> SOURCES =
      EnumSet.of(RecommendationKind.Source.REGISTRY, RecommendationKind.Source.IP_FILTER);
  /** Allow rules wider than these prefixes are too permissive: more than 65,536 IPv4 addresses, or an IPv6 site. */
  static final int MIN_IPV4_PREFIX = 16;
  static final int MIN_IPV6_PREFIX = 48;
  /** How many of the other devices an IoT_SharedCredentials description names. */
  private static final int NAMED = 5;

  private final Supplier<List<Recommendation>> stored;
  private final Map<String, DeviceRecommendations> devices = new HashMap<>();
  private Map<String, List<Recommendation>> storedByDevice;
  /** The ids the hub's own recommendations are filed under; not devices, so never "deleted". */
  private final Set<String> hubIds = new java.util.HashSet<>();

  /** @param stored every device's Active recommendations in the store; read once, at the first check */
  public CredentialRecommender(Supplier<List<Recommendation>> stored) {
    this.stored = stored;
  }

  /** Checks the registry as it is at {@code now}: every device in it, and those removed since the last check. */
  public void evaluate(List<DeviceCredential> registry, Instant now, Consumer<Recommendation> out) {
    loadStored();
    Map<String, TreeSet<String>> holders = new HashMap<>();
    for (DeviceCredential d : registry) {
      for (String f : d.fingerprints()) {
        holders.computeIfAbsent(f, k -> new TreeSet<>()).add(d.deviceId());
      }
    }
    Set<String> present = new java.util.HashSet<>();
    for (DeviceCredential d : registry) {
      present.add(d.deviceId());
      List<Finding> findings = new ArrayList<>();
      TreeSet<String> sharers = new TreeSet<>();
      for (String f : d.fingerprints()) {
        sharers.addAll(holders.get(f));
      }
      sharers.remove(d.deviceId());
      if (!sharers.isEmpty()) {
        String named = String.join(", ", sharers.stream().limit(NAMED).toList()) + (sharers.size() > NAMED ? ", ..." : "");
        findings.add(new Finding(RecommendationKind.SHARED_CREDENTIALS, "credentials", Severity.HIGH,
            "Device " + d.deviceId() + " authenticates with a secret that " + sharers.size() + " other device(s) also have: " + named + ".",
            Map.of("SharedWith", named, "SharedWithCount", Integer.toString(sharers.size()))));
      }
      if (d.authType() == AuthType.SAS) {
        findings.add(new Finding(RecommendationKind.SYMMETRIC_KEY_AUTH, "auth", Severity.LOW,
            "Device " + d.deviceId() + " authenticates with a symmetric key (SAS), which the hub also holds; an X.509 certificate"
                + " keeps the private key on the device.", Map.of("AuthType", d.authType().wireName())));
      }
      if (d.telemetryWithoutAgent()) {
        findings.add(new Finding(RecommendationKind.INSTALL_AGENT, "agent", Severity.MEDIUM,
            "Device " + d.deviceId() + " sends telemetry to the hub but no security messages: nothing watches it from inside.",
            Map.of()));
      }
      device(d.deviceId()).apply(RecommendationKind.Source.REGISTRY, now, findings, out);
    }
    // A deleted device's recommendations no longer apply.
    for (String gone : devices.keySet().stream().filter(id -> !present.contains(id) && !hubIds.contains(id)).toList()) {
      devices.remove(gone).apply(RecommendationKind.Source.REGISTRY, now, List.of(), out);
    }
  }

  /**
   * Checks the IP filters (the global one and the security groups' own), as recommendations of the
   * hub itself, filed under {@code hubId}: {@code IoT_IPFilter_DenyAll} per filter whose default lets
   * connections through, {@code IoT_IPFilter_PermissiveRule} per allow rule wider than an IPv4 /16 or
   * an IPv6 /48. Call it from the same thread as {@link #evaluate}.
   */
  public void evaluateFilters(String hubId, List<IpFilterView> filters, Instant now, Consumer<Recommendation> out) {
    hubIds.add(hubId);
    loadStored();
    List<Finding> findings = new ArrayList<>();
    for (IpFilterView f : filters) {
      if (f.defaultAllow()) {
        findings.add(new Finding(RecommendationKind.IP_FILTER_DENY_ALL, f.scope(), Severity.MEDIUM,
            "The " + describe(f.scope()) + " IP filter lets through connections that no rule matches.", Map.of("Scope", f.scope())));
      }
      for (IpFilterView.Rule r : f.rules()) {
        if (r.allow() && r.prefix() < (r.ipv6() ? MIN_IPV6_PREFIX : MIN_IPV4_PREFIX)) {
          findings.add(new Finding(RecommendationKind.IP_FILTER_PERMISSIVE_RULE, f.scope() + ": " + r.text(), Severity.LOW,
              "The " + describe(f.scope()) + " IP filter's rule '" + r.text() + "' allows a /" + r.prefix() + " network.",
              Map.of("Scope", f.scope(), "Rule", r.text())));
        }
      }
    }
    device(hubId).apply(RecommendationKind.Source.IP_FILTER, now, findings, out);
  }

  /** Reads what the store holds, once. */
  private void loadStored() {
    if (storedByDevice != null) {
      return;
    }
    storedByDevice = new HashMap<>();
    for (Recommendation r : stored.get()) {
      storedByDevice.computeIfAbsent(r.deviceId(), k -> new ArrayList<>()).add(r);
    }
    // Devices deleted while the server was down still have theirs open: look at them once.
    storedByDevice.keySet().forEach(this::device);
  }

  private static String describe(String scope) {
    return scope.equals("global") ? "global" : "security group '" + scope + "'";
  }

  private DeviceRecommendations device(String id) {
    return devices.computeIfAbsent(id, k -> new DeviceRecommendations(k, storedByDevice.getOrDefault(k, List.of()), SOURCES));
  }
}
