package io.vigil.server;

import io.vigil.detect.recommend.CredentialRecommender;
import io.vigil.detect.recommend.DeviceCredential;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Recommendation;
import io.vigil.store.Workspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the device registry's credentials every {@link #PERIOD} (and once at start) and stores the
 * recommendations that opens or resolves ({@code IoT_SharedCredentials},
 * {@code IoT_SymmetricKeyAuthentication}). The detect module sees only one-way fingerprints of the
 * keys, never the keys.
 */
final class RegistryRecommendations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryRecommendations.class);
  static final Duration PERIOD = Duration.ofMinutes(1);

  private final DeviceRegistry registry;
  private final Workspace workspace;
  private final Clock clock;
  private final CredentialRecommender recommender;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vigil-registry-check").daemon(true).factory());

  RegistryRecommendations(DeviceRegistry registry, Workspace workspace, Clock clock) {
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

  /** One check of the whole registry; returns what changed. */
  List<Recommendation> check() {
    List<DeviceCredential> devices = new ArrayList<>();
    for (RegisteredDevice d : registry.list()) {
      devices.add(new DeviceCredential(d.deviceId(), d.device().authType(), fingerprints(d)));
    }
    List<Recommendation> changed = new ArrayList<>();
    recommender.evaluate(devices, clock.instant(), changed::add);
    workspace.upsertRecommendations(changed);
    return changed;
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
