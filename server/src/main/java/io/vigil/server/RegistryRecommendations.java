package io.vigil.server;

import io.vigil.detect.recommend.CredentialRecommender;
import io.vigil.detect.recommend.DeviceCredential;
import io.vigil.detect.recommend.IpFilterView;
import io.vigil.hub.settings.DataCollection;
import io.vigil.hub.settings.IpFilter;
import io.vigil.hub.settings.IpRule;
import io.vigil.server.pipeline.Pipeline;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Recommendation;
import io.vigil.hub.ingest.TelemetryCounts;
import io.vigil.store.QueryException;
import io.vigil.store.Workspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the device registry's credentials every {@link #PERIOD} (and once at start) and stores the
 * recommendations that opens or resolves ({@code IoT_SharedCredentials},
 * {@code IoT_SymmetricKeyAuthentication}, {@code IoT_InstallAgent}), and of the IP filter settings
 * ({@code IoT_IPFilter_DenyAll}, {@code IoT_IPFilter_PermissiveRule}, filed under the hub's own id). The detect module sees only one-way fingerprints of the
 * keys, never the keys.
 */
final class RegistryRecommendations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryRecommendations.class);
  static final Duration PERIOD = Duration.ofMinutes(1);

  private final DeviceRegistry registry;
  private final Workspace workspace;
  private final Clock clock;
  private final CredentialRecommender recommender;
  private final Supplier<TelemetryCounts> telemetry;
  private final Supplier<List<IpFilterView>> filters;
  /** Devices known to send security messages: read from the workspaces at the first check, then told by the hub. */
  private final Set<String> agents = ConcurrentHashMap.newKeySet();
  private volatile boolean agentsLoaded;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vigil-registry-check").daemon(true).factory());

  RegistryRecommendations(DeviceRegistry registry, Workspace workspace, Clock clock) {
    this(registry, workspace, clock, () -> id -> java.util.Map.of(), List::of);
  }

  /**
   * @param telemetry the hub's counts of other telemetry per device, for {@code IoT_InstallAgent}
   * @param filters the IP filters in force (global and per group), for the IP filter recommendations
   */
  RegistryRecommendations(DeviceRegistry registry, Workspace workspace, Clock clock, Supplier<TelemetryCounts> telemetry,
      Supplier<List<IpFilterView>> filters) {
    this.telemetry = telemetry;
    this.filters = filters;
    this.registry = registry;
    this.workspace = workspace;
    this.clock = clock;
    this.recommender = new CredentialRecommender(workspace::activeRecommendations);
  }

  /** Starts the periodic check; the first runs at once. */
  RegistryRecommendations start() {
    timer.scheduleWithFixedDelay(this::checkSafely, 0, PERIOD.toSeconds(), TimeUnit.SECONDS);
    return this;
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.error("checking the registry's credentials failed; next try in {}: {}", PERIOD, e.toString());
    }
  }

  /** Notes that {@code deviceId} sent a security message (called by the hub for each one; cheap). */
  void sawSecurityMessage(String deviceId) {
    agents.add(deviceId);
  }

  /** One check of the whole registry; returns what changed. */
  List<Recommendation> check() {
    loadAgents();
    TelemetryCounts counts = telemetry.get();
    List<DeviceCredential> devices = new ArrayList<>();
    for (RegisteredDevice d : registry.list()) {
      boolean bare = !agents.contains(d.deviceId()) && !counts.of(d.deviceId()).isEmpty();
      devices.add(new DeviceCredential(d.deviceId(), d.device().authType(), fingerprints(d), bare));
    }
    List<Recommendation> changed = new ArrayList<>();
    recommender.evaluate(devices, clock.instant(), changed::add);
    List<IpFilterView> inForce = filters.get();
    if (!inForce.isEmpty()) {
      recommender.evaluateFilters(Pipeline.HUB, inForce, clock.instant(), changed::add);
    }
    workspace.upsertRecommendations(changed);
    return changed;
  }

  /** The global IP filter and those of the groups that set their own, as the recommendations see them. */
  static List<IpFilterView> filters(DataCollection settings) {
    List<IpFilterView> out = new ArrayList<>();
    out.add(view("global", settings.global().ipFilter()));
    settings.groupOverrides().forEach((group, o) -> {
      if (o.ipFilter() != null) {
        out.add(view(group, o.ipFilter()));
      }
    });
    return out;
  }

  private static IpFilterView view(String scope, IpFilter filter) {
    List<IpFilterView.Rule> rules = new ArrayList<>();
    for (IpRule r : filter.rules()) {
      rules.add(new IpFilterView.Rule(r.toString(), r.action() == IpRule.Action.ALLOW, r.network().prefix(),
          r.network().network() instanceof java.net.Inet6Address));
    }
    return new IpFilterView(scope, filter.defaultAction() == IpRule.Action.ALLOW, rules);
  }

  /**
   * The devices that sent security messages before this start, once: from every workspace, as a
   * device's raw events are in the workspace of its group (residency), wherever that was when they came.
   */
  private void loadAgents() {
    if (agentsLoaded) {
      return;
    }
    for (String name : workspace.names()) {
      Workspace w = workspace.named(name).orElseThrow(() -> new IllegalStateException("workspace '" + name + "' is listed but not open"));
      try {
        for (List<Object> row : w.query("SELECT DISTINCT DeviceId FROM SecurityIoTRawEvent", Integer.MAX_VALUE - 1).rows()) {
          agents.add((String) row.get(0));
        }
      } catch (QueryException e) {
        throw new IllegalStateException("reading which devices sent security messages from workspace '" + name + "' failed: "
            + e.getMessage(), e);
      }
    }
    agentsLoaded = true;
  }

  private static List<String> fingerprints(RegisteredDevice d) {
    List<String> out = new ArrayList<>(2);
    for (String key : new String[] {d.primaryKey(), d.secondaryKey()}) {
      if (key != null) {
        out.add("key:" + sha256(key));
      }
    }
    if (d.primaryThumbprint() != null) {
      out.add("cert:" + d.primaryThumbprint().hex());
    }
    if (d.secondaryThumbprint() != null) {
      out.add("cert:" + d.secondaryThumbprint().hex());
    }
    return out;
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
