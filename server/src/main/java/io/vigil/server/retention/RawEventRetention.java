package io.vigil.server.retention;

import io.vigil.hub.settings.DataCollection;
import io.vigil.store.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw events past their security group's retention ({@code rawEventRetentionDays}; 0 keeps
 * them). Each group's cutoff is the clock's now minus its days, judged by {@code TimeGenerated}
 * (when the hub received the event). Runs every minute once {@link #start started}, so a changed
 * retention applies within a minute.
 *
 * <p>Each workspace (residency) is handled on its own: one that fails does not stop the others'
 * retention. {@link #runOnce} is thread-safe (the workspace serialises writes); the scheduled runs are on one
 * daemon thread.
 */
public final class RawEventRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RawEventRetention.class);
  static final Duration PERIOD = Duration.ofMinutes(1);

  private final Workspace workspace;
  private final DataCollection settings;
  private final Clock clock;
  private ScheduledExecutorService timer;

  public RawEventRetention(Workspace workspace, DataCollection settings, Clock clock) {
    this.workspace = workspace;
    this.settings = settings;
    this.clock = clock;
  }

  /** Runs now and then every minute, until closed. */
  public RawEventRetention start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigil-retention").daemon(true).unstarted(r));
    timer.scheduleWithFixedDelay(() -> {
      try {
        runOnce();
      } catch (RuntimeException e) {
        LOG.error("raw event retention failed; it runs again in {}: {}", PERIOD, e.getMessage());
      }
    }, 0, PERIOD.toSeconds(), TimeUnit.SECONDS);
    return this;
  }

  /**
   * Deletes, in every workspace, for every group with raw events stored there and a retention set,
   * the rows received before its cutoff.
   *
   * @return rows deleted per security group (groups with none deleted left out)
   * @throws IllegalStateException if a workspace failed, naming it, once the others' retention ran
   */
  public Map<String, Long> runOnce() {
    Instant now = clock.instant();
    Map<String, Long> deleted = new TreeMap<>();
    IllegalStateException failed = null;
    for (String name : workspace.names()) {
      try {
        Workspace w = workspace.named(name).orElseThrow(() -> new IllegalStateException("the workspace is listed but not open"));
        runOnce(name, w, now, deleted);
      } catch (RuntimeException e) {
        // A workspace that fails (unmounted, read-only) must not keep the others' retention from running.
        IllegalStateException f = new IllegalStateException("raw event retention failed in workspace '" + name + "': " + e.getMessage(), e);
        if (failed == null) {
          failed = f;
        } else {
          failed.addSuppressed(f);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
    return deleted;
  }

  private void runOnce(String name, Workspace w, Instant now, Map<String, Long> deleted) {
    for (String group : w.rawEventGroups()) {
      int days = settings.forGroup(group).rawEventRetentionDays();
      if (days == 0) {
        continue;
      }
      Instant cutoff = now.minus(Duration.ofDays(days));
      long n = w.deleteRawEvents(group, cutoff);
      if (n > 0) {
        deleted.merge(group, n, Long::sum);
        LOG.info("retention: deleted {} raw events of security group '{}' received before {} ({} days) from workspace '{}'", n, group,
            cutoff, days, name);
      }
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
