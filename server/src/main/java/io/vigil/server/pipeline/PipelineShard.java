package io.vigil.server.pipeline;

import io.vigil.detect.Detection;
import io.vigil.detect.recommend.Recommender;
import io.vigil.model.Alert;
import io.vigil.model.Recommendation;
import io.vigil.server.alerts.AlertRecorder;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.SecurityEvent;
import io.vigil.store.EventKey;
import io.vigil.store.RawEvent;
import io.vigil.store.SplitWriteException;
import io.vigil.store.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread of the {@link Pipeline} and the devices hashed to it: it stores their raw events,
 * acknowledges them, runs its own instances of the detections and the shared recommender on them,
 * so that per-device state is only ever touched by this thread.
 */
final class PipelineShard {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineShard.class);
  private static final int MAX_BATCH = 512;
  /**
   * How long the alerts a batch raised wait to be stored with those of the batches after it, while
   * more work is queued: they are stored after the first batch that ends this long after the oldest
   * was raised. Each store is a commit (a disk flush), and under full load a batch ends every 100 ms
   * or so. With nothing queued they are stored at once.
   */
  static final Duration ALERT_GATHERING = Duration.ofMillis(250);

  /** What a shard works on: a device's accepted message, or a hub operation for the detections only. */
  sealed interface Work permits Pipeline.Accepted, Pipeline.HubEvent {}

  private final BlockingQueue<Work> queue;
  private final Workspace workspace;
  private final RawEvents rawEvents;
  private final List<Detection> detections;
  private final Recommender recommender;
  private final AlertRecorder alerts;
  private final CollectionBorder border;
  private final Clock clock;
  private final Runnable housekeeping;
  private final Thread thread;
  private Instant lastAdvance = Instant.MIN;
  /** Alerts raised and not yet stored, and when the first of them was raised (null: none). */
  private final List<Alert> raised = new ArrayList<>();
  private Instant raisedSince;
  private volatile boolean running = true;

  /**
   * @param housekeeping run by the thread between batches (storing queued hub operations); must not block long
   */
  PipelineShard(int index, Workspace workspace, RawEvents rawEvents, List<Detection> detections, Recommender recommender,
      int queueCapacity, AlertRecorder alerts, CollectionBorder border, Clock clock, Runnable housekeeping) {
    this.border = border;
    this.recommender = recommender;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.workspace = workspace;
    this.rawEvents = rawEvents;
    this.detections = List.copyOf(detections);
    this.alerts = alerts;
    this.clock = clock;
    this.housekeeping = housekeeping;
    this.thread = Thread.ofPlatform().name("vigil-pipeline-" + index).daemon(false).start(this::drain);
  }

  /** Queues work without blocking; false when the queue is full. */
  boolean offer(Work work) {
    return running && queue.offer(work);
  }

  private void drain() {
    List<Work> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        housekeeping.run();
        advanceDetections();
        Work first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        process(batch);
        if (raisedSince != null && (queue.isEmpty() || !clock.instant().isBefore(raisedSince.plus(ALERT_GATHERING)))) {
          storeRaised();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // A defect must not leave senders waiting for acknowledgements that never come: fail the
        // batch (the agents retry) and keep the writer alive, unless the JVM itself is failing.
        LOG.error("pipeline failed on a batch of {} items; its messages are refused and will be retried", batch.size(), e);
        storeRaised(); // what earlier batches raised
        batch.forEach(w -> {
          if (w instanceof Pipeline.Accepted a) {
            a.stored().completeExceptionally(e);
          }
        });
        if (e instanceof VirtualMachineError) {
          throw e;
        }
      } finally {
        batch.clear();
      }
    }
    // A message queued as the pipeline stopped (after this loop saw the queue empty) is refused, not left waiting.
    List<Work> late = new ArrayList<>();
    queue.drainTo(late);
    late.forEach(w -> {
      if (w instanceof Pipeline.Accepted a) {
        a.stored().completeExceptionally(new java.util.concurrent.RejectedExecutionException("server is shutting down"));
      }
    });
    housekeeping.run();
    storeRaised();
    alerts.flush();
  }

  private void process(List<Work> batch) {
    List<Pipeline.Accepted> messages = new ArrayList<>(batch.size());
    List<DeviceEvent> events = new ArrayList<>();
    List<RawEvent> rows = new ArrayList<>();
    int received = 0;
    for (Work w : batch) {
      switch (w) {
        case Pipeline.Accepted a -> {
          messages.add(a);
          if (!border.monitors(a.device().securityGroup(), a.message().events().size())) {
            continue; // security monitoring is off for the device's group: acknowledged, counted, nothing kept
          }
          List<SecurityEvent> sent = a.message().events();
          for (int i = 0; i < sent.size(); i++) {
            DeviceEvent de = new DeviceEvent(a.device().deviceId(), a.device().securityGroup(),
                a.message().agentId(), a.message().agentVersion(), a.received(), sent.get(i), a.protocol());
            events.add(de);
            received++;
            rawEvents.rows(de, a.items(), i).forEach(r -> rows.add(border.mask(r)));
          }
        }
        case Pipeline.HubEvent h -> events.add(h.event());
      }
    }
    Set<EventKey> fresh;
    SplitWriteException split = null;
    try {
      fresh = workspace.appendRawEvents(rows);
    } catch (SplitWriteException e) {
      // Residency split the batch over workspaces and one failed: the others committed their
      // messages whole (a message has one device, so one workspace); only the failed ones are retried.
      LOG.error("storing raw events failed; {} events are refused, their senders retry: {}", e.failedEvents().size(), e.getMessage());
      split = e;
      fresh = e.freshEvents();
    } catch (RuntimeException e) {
      LOG.error("storing {} raw events failed; the senders will retry: {}", rows.size(), e.getMessage());
      messages.forEach(a -> a.stored().completeExceptionally(e));
      return;
    }
    for (Pipeline.Accepted a : messages) {
      acknowledge(a, split);
    }
    // The usual case: every event received was new (fresh holds only received keys, so equal counts
    // mean all of them), and asking the set for each one is not needed.
    // Otherwise each new event is taken out of the set as it is evaluated, so a copy sent twice in the batch is evaluated once.
    Set<EventKey> unevaluated = fresh.size() == received ? null : new java.util.HashSet<>(fresh);
    List<Alert> alerts = new ArrayList<>();
    List<Recommendation> recommendations = new ArrayList<>();
    for (DeviceEvent de : events) {
      boolean hubMade = de.agentId().isEmpty() && de.event() instanceof io.vigil.model.event.HubOperation;
      if (!hubMade && unevaluated != null && !unevaluated.remove(new EventKey(de.deviceId(), de.event().header().id()))) {
        continue; // a retry of an event already stored: its alerts were raised the first time
      }
      for (Detection d : detections) {
        try {
          d.evaluate(de, alerts::add);
        } catch (RuntimeException e) {
          LOG.error("detection {} failed on event {} of device {}: {}", d, de.event().header().id(), de.deviceId(), e.toString());
        }
      }
      try {
        recommender.evaluate(de, recommendations::add);
      } catch (RuntimeException e) {
        LOG.error("recommendations failed on event {} of device {}: {}", de.event().header().id(), de.deviceId(), e.toString());
      }
    }
    if (!alerts.isEmpty()) {
      if (raised.isEmpty()) {
        raisedSince = clock.instant();
      }
      raised.addAll(alerts);
    }
    storeRecommendations(recommendations);
  }

  /** Stores the alerts raised so far. */
  private void storeRaised() {
    if (!raised.isEmpty()) {
      List<Alert> all = List.copyOf(raised);
      raised.clear();
      raisedSince = null;
      storeAlerts(all);
    }
  }

  /** Acknowledges the message, unless {@code split} (null: none) failed to store one of its events. */
  private static void acknowledge(Pipeline.Accepted a, SplitWriteException split) {
    if (split != null) {
      for (SecurityEvent e : a.message().events()) {
        if (split.failedEvents().contains(new EventKey(a.device().deviceId(), e.header().id()))) {
          a.stored().completeExceptionally(split);
          return;
        }
      }
    }
    a.stored().complete(null);
  }

  private void storeRecommendations(List<Recommendation> recommendations) {
    if (!recommendations.isEmpty()) {
      try {
        workspace.upsertRecommendations(recommendations.stream().map(border::mask).toList());
      } catch (RuntimeException e) {
        LOG.error("storing {} recommendations failed: {}", recommendations.size(), e.getMessage());
      }
    }
  }

  /** Stores the alerts with their addresses masked as the settings say (detections saw the real ones). */
  private void storeAlerts(List<Alert> raised) {
    if (raised.isEmpty()) {
      return;
    }
    try {
      alerts.record(raised.stream().map(border::mask).toList());
    } catch (RuntimeException e) {
      // The messages are acknowledged by now: a failure here must not be taken for theirs.
      LOG.error("storing {} alerts failed: {}", raised.size(), e.toString());
    }
  }

  /**
   * About once a second, lets the detections decide what came due by the clock (silent devices'
   * windows), and writes the alert updates held meanwhile.
   */
  private void advanceDetections() {
    Instant now = clock.instant();
    if (now.isBefore(lastAdvance.plusSeconds(1))) {
      return;
    }
    lastAdvance = now;
    List<Alert> alerts = new ArrayList<>();
    for (Detection d : detections) {
      try {
        d.advance(now, alerts::add);
      } catch (RuntimeException e) {
        LOG.error("detection {} failed advancing to {}: {}", d, now, e.toString());
      }
    }
    raised.addAll(alerts);
    storeRaised();
    this.alerts.flush();
  }

  /** Stops taking work; the thread finishes what is queued and ends. */
  void stop() {
    running = false;
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }
}
