package io.vigil.server.anomaly;

import io.vigil.detect.Detection;
import io.vigil.detect.anomaly.AnomalyDetection;
import io.vigil.detect.anomaly.AnomalySettings;
import io.vigil.detect.anomaly.PeerGroups;
import io.vigil.detect.anomaly.ProfileCodec;
import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded runtime of the anomaly models: one {@link AnomalyDetection} per pipeline shard, each
 * with its own in-memory profiles, snapshotted to {@code DATA/anomaly/profiles-N.bin} by the shard's
 * own thread every {@link #WRITE_EVERY} (when something changed) and by {@link #close} once the
 * pipeline has stopped; loaded at start. Settings come from {@code DATA/anomaly.properties} when it
 * exists. The peer-group summary is shared by the shards and rebuilt from the loaded profiles.
 *
 * <p>A device's profile must live on the shard the pipeline sends the device to, so {@link
 * #nextShard} must be called once per shard in shard order, as the pipeline calls its detections
 * supplier, and the device-to-shard hash is the pipeline's. When the number of shards changes, the
 * loaded profiles are dealt out afresh and files of shards that no longer exist are removed once
 * every shard has written its own.
 */
public final class AnomalyProfiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnomalyProfiles.class);
  /** How often a shard writes its profiles when they changed. */
  public static final Duration WRITE_EVERY = Duration.ofMinutes(5);
  private static final Pattern FILE = Pattern.compile("profiles-(\\d+)\\.bin");

  private final Path dir;
  private final AnomalySettings settings;
  private final PeerGroups peers;
  private final Supplier<RuleSettings> rules;
  private final List<ShardProfiles> shards;
  private final List<Path> stale;
  private final AtomicInteger handedOut = new AtomicInteger();
  private final AtomicInteger shardsWritten = new AtomicInteger();

  private AnomalyProfiles(Path dir, AnomalySettings settings, PeerGroups peers, Supplier<RuleSettings> rules,
      List<ShardProfiles> shards, List<Path> stale) {
    this.dir = dir;
    this.settings = settings;
    this.peers = peers;
    this.rules = rules;
    this.shards = shards;
    this.stale = stale;
  }

  /**
   * Reads the settings and the profiles saved under {@code dataDir}. A snapshot that cannot be read
   * is logged, renamed to {@code .corrupt} (kept for inspection), and the profiles read before the
   * fault are kept.
   *
   * @param shards the pipeline's shard count
   * @param rules the rule settings in force (to switch anomaly alerts off)
   * @throws IllegalArgumentException when {@code anomaly.properties} is invalid, naming the file, key and value
   * @throws UncheckedIOException when the directory cannot be created or listed
   */
  public static AnomalyProfiles open(Path dataDir, int shards, Supplier<RuleSettings> rules) {
    if (shards < 1) {
      throw new IllegalArgumentException("anomaly shards must be at least 1, was " + shards);
    }
    AnomalySettings settings = settings(dataDir.resolve("anomaly.properties"));
    Path dir = dataDir.resolve("anomaly");
    PeerGroups peers = new PeerGroups(PeerGroups.DEFAULT_MAX_ENTRIES);
    List<ShardProfiles> stores = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      stores.add(new ShardProfiles(dir.resolve("profiles-" + i + ".bin")));
    }
    List<Path> stale = new ArrayList<>();
    int[] loaded = {0};
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "profiles-*.bin")) {
        for (Path f : files) {
          Matcher m = FILE.matcher(f.getFileName().toString());
          if (!m.matches()) {
            continue;
          }
          if (Long.parseLong(m.group(1)) >= shards) {
            stale.add(f);
          }
          read(f, settings, (id, p) -> {
            stores.get(Math.floorMod(id.hashCode(), shards)).restore(id, p);
            if (p.learned()) {
              peers.join(p);
            }
            loaded[0]++;
          });
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read anomaly profiles in " + dir + ": " + e.getMessage(), e);
    }
    LOG.info("anomaly models: {} device profiles loaded from {}, learning period {}", loaded[0], dir, settings.learningPeriod());
    return new AnomalyProfiles(dir, settings, peers, rules, stores, stale);
  }

  private static void read(Path f, AnomalySettings settings, ProfileCodec.Sink sink) throws IOException {
    try (InputStream is = Files.newInputStream(f); DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
      ProfileCodec.read(in, settings.historyWindows(), f.toString(), sink);
    } catch (IOException e) {
      Path aside = f.resolveSibling(f.getFileName() + ".corrupt");
      LOG.error("anomaly profiles: {}; the file is kept as {} and the devices it held past the fault learn again",
          e.getMessage(), aside);
      Files.move(f, aside, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static AnomalySettings settings(Path file) {
    if (!Files.exists(file)) {
      return AnomalySettings.defaults();
    }
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": cannot be read as a properties file: " + e.getMessage(), e);
    }
    return AnomalySettings.parse(props, file.toString());
  }

  public AnomalySettings settings() {
    return settings;
  }

  public PeerGroups peers() {
    return peers;
  }

  /** How many device profiles the shards hold. Only exact when the pipeline is stopped. */
  public int devices() {
    return shards.stream().mapToInt(ShardProfiles::size).sum();
  }

  /**
   * The next shard's detection: its {@link AnomalyDetection}, which also writes the shard's profiles
   * from {@link Detection#advance} (on the shard's thread) every {@link #WRITE_EVERY}.
   *
   * @throws IllegalStateException when called more often than there are shards
   */
  public Detection nextShard() {
    int i = handedOut.getAndIncrement();
    if (i >= shards.size()) {
      throw new IllegalStateException("anomaly profiles were opened for " + shards.size() + " shards, asked for shard " + i);
    }
    ShardProfiles store = shards.get(i);
    AnomalyDetection anomaly = new AnomalyDetection(settings, store, peers, rules);
    return new Detection() {
      private Instant nextWrite = Instant.MIN;
      private boolean wroteOnce;

      @Override
      public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
        anomaly.evaluate(event, alerts);
      }

      @Override
      public void advance(Instant now, Consumer<Alert> alerts) {
        if (nextWrite == Instant.MIN) {
          nextWrite = now.plus(WRITE_EVERY);
        } else if (!now.isBefore(nextWrite)) {
          nextWrite = now.plus(WRITE_EVERY);
          if (store.dirty() || !wroteOnce) {
            wroteOnce = write(store);
          }
        }
      }

      @Override
      public String toString() {
        return "anomaly models (shard " + i + ")";
      }
    };
  }

  private boolean write(ShardProfiles store) {
    try {
      store.write();
    } catch (IOException | RuntimeException e) {
      LOG.error("anomaly profiles not saved: {}", e.getMessage());
      return false;
    }
    if (shardsWritten.incrementAndGet() >= shards.size()) {
      removeStale();
    }
    return true;
  }

  private synchronized void removeStale() {
    for (Path f : stale) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        LOG.warn("cannot remove {}, a snapshot of a shard that no longer exists: {}", f, e.getMessage());
      }
    }
    stale.clear();
  }

  /** Writes every shard's profiles. Call once the pipeline has stopped, so no shard thread touches them. */
  @Override
  public void close() {
    shardsWritten.set(0);
    int written = 0;
    for (ShardProfiles s : shards) {
      if (write(s)) {
        written++;
      }
    }
    LOG.info("anomaly models: {} device profiles saved to {} ({} of {} shards)", devices(), dir, written, shards.size());
  }
}
