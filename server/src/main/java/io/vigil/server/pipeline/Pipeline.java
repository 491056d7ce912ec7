package io.vigil.server.pipeline;

import io.vigil.detect.Detection;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.hub.settings.DataCollection;
import io.vigil.model.Alert;
import io.vigil.model.Device;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import io.vigil.store.EventKey;
import io.vigil.store.HubOperationRow;
import io.vigil.store.RawEvent;
import io.vigil.store.Workspace;
import io.vigil.wire.SecurityMessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From accepted message to stored rows and alerts, on one writer thread.
 *
 * <p>Messages queue in a bounded queue; a full queue refuses new ones (the hub then refuses the
 * publish and the agent retries), so memory stays bounded under overload. The writer drains
 * batches, stores their raw events in one transaction (dropping events already stored: agents
 * deliver at least once), acknowledges them, then runs the detections on the new events and stores
 * the alerts. The data-collection settings apply where rows are written ({@link CollectionBorder}):
 * detections see events as they came, the workspace gets them masked or not at all.
 */
public final class Pipeline implements IngestSink, HubOperationLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final int MAX_BATCH = 512;

  private record Accepted(Device device, SecurityMessage message, Instant received, CompletableFuture<Void> stored) {}

  private final BlockingQueue<Accepted> queue;
  private final BlockingQueue<HubOperationRow> operations = new ArrayBlockingQueue<>(10_000);
  private final AtomicLong operationsDropped = new AtomicLong();
  private final Workspace workspace;
  private final RawEvents rawEvents;
  private final List<Detection> detections;
  private final Consumer<Alert> alertListener;
  private final Thread writer;
  private final java.time.Clock clock;
  private final CollectionBorder border;
  private Instant lastAdvance = Instant.MIN;
  private volatile boolean running = true;

  /**
   * @param alertListener told of every alert after it is stored, on the writer thread; must not block
   */
  public Pipeline(
      Workspace workspace, SecurityMessageCodec codec, List<Detection> detections, int queueCapacity, Consumer<Alert> alertListener) {
    this(workspace, codec, detections, queueCapacity, alertListener, java.time.Clock.systemUTC());
  }

  /**
   * @param clock what {@link Detection#advance} is given, about once a second, so that the windows
   *     of devices that fell silent are decided
   */
  public Pipeline(Workspace workspace, SecurityMessageCodec codec, List<Detection> detections, int queueCapacity,
      Consumer<Alert> alertListener, java.time.Clock clock) {
    this(workspace, codec, detections, queueCapacity, alertListener, clock, DataCollection.defaults());
  }

  /**
   * @param settings the data-collection settings applied to what is stored (masking, monitoring off,
   *     twin data collection), asked for every message, operation and alert
   */
  public Pipeline(Workspace workspace, SecurityMessageCodec codec, List<Detection> detections, int queueCapacity,
      Consumer<Alert> alertListener, java.time.Clock clock, DataCollection settings) {
    this.clock = clock;
    this.border = new CollectionBorder(settings);
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.workspace = workspace;
    this.rawEvents = new RawEvents(codec);
    this.detections = List.copyOf(detections);
    this.alertListener = alertListener;
    this.writer = Thread.ofPlatform().name("vigil-pipeline").daemon(false).start(this::drain);
  }

  @Override
  public CompletableFuture<Void> accept(Device device, SecurityMessage message, Instant received) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    if (!running) {
      stored.completeExceptionally(new RejectedExecutionException("server is shutting down"));
    } else if (!queue.offer(new Accepted(device, message, received, stored))) {
      stored.completeExceptionally(new RejectedExecutionException("server busy: ingest queue is full, retry later"));
    }
    return stored;
  }

  /**
   * Queues a hub operation for the {@code HubOperation} table. Never blocks the broker's thread:
   * when the queue is full the operation is dropped and counted, and the drop is logged.
   */
  @Override
  public void record(String deviceId, HubOperation.Operation op, Instant at) {
    Optional<HubOperationRow> masked = border.operation(deviceId, op, at);
    if (masked.isEmpty()) {
      return; // the device's group does not collect it; counted there when monitoring is off
    }
    HubOperationRow row = masked.get();
    LOG.info("hub: {} {} device={} source={} {}", row.operation(), row.result(), deviceId, row.sourceIp(), row.details());
    if (!operations.offer(row)) {
      long dropped = operationsDropped.incrementAndGet();
      if (dropped == 1 || dropped % 1000 == 0) {
        LOG.warn("hub operation queue full: {} operations not stored so far", dropped);
      }
    }
  }

  private void storeOperations() {
    List<HubOperationRow> rows = new ArrayList<>();
    operations.drainTo(rows);
    if (!rows.isEmpty()) {
      try {
        workspace.appendHubOperations(rows);
      } catch (RuntimeException e) {
        LOG.error("storing {} hub operations failed: {}", rows.size(), e.getMessage());
      }
    }
  }

  private void drain() {
    List<Accepted> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty() || !operations.isEmpty()) {
      try {
        storeOperations();
        advanceDetections();
        Accepted first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        process(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // A defect must not leave senders waiting for acknowledgements that never come: fail the
        // batch (the agents retry) and keep the writer alive, unless the JVM itself is failing.
        LOG.error("pipeline failed on a batch of {} messages; they are refused and will be retried", batch.size(), e);
        batch.forEach(a -> a.stored().completeExceptionally(e));
        if (e instanceof VirtualMachineError) {
          throw e;
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void process(List<Accepted> batch) {
    List<DeviceEvent> events = new ArrayList<>();
    List<RawEvent> rows = new ArrayList<>();
    for (Accepted a : batch) {
      if (!border.monitors(a.device().securityGroup(), a.message().events().size())) {
        continue; // security monitoring is off for the device's group: acknowledged, counted, nothing kept
      }
      for (SecurityEvent e : a.message().events()) {
        DeviceEvent de = new DeviceEvent(a.device().deviceId(), a.device().securityGroup(),
            a.message().agentId(), a.message().agentVersion(), a.received(), e);
        events.add(de);
        rawEvents.rows(de).forEach(r -> rows.add(border.mask(r)));
      }
    }
    Set<EventKey> fresh;
    try {
      fresh = workspace.appendRawEvents(rows);
    } catch (RuntimeException e) {
      LOG.error("storing {} raw events failed; the senders will retry: {}", rows.size(), e.getMessage());
      batch.forEach(a -> a.stored().completeExceptionally(e));
      return;
    }
    batch.forEach(a -> a.stored().complete(null));
    List<Alert> alerts = new ArrayList<>();
    for (DeviceEvent de : events) {
      if (!fresh.contains(new EventKey(de.deviceId(), de.event().header().id()))) {
        continue; // a retry of an event already stored: its alerts were raised the first time
      }
      for (Detection d : detections) {
        try {
          d.evaluate(de, alerts::add);
        } catch (RuntimeException e) {
          LOG.error("detection {} failed on event {} of device {}: {}", d, de.event().header().id(), de.deviceId(), e.toString());
        }
      }
    }
    storeAlerts(alerts);
  }

  /** Stores the alerts with their addresses masked as the settings say, and tells the listener of them as stored. */
  private void storeAlerts(List<Alert> raised) {
    if (!raised.isEmpty()) {
      try {
        List<Alert> alerts = raised.stream().map(border::mask).toList();
        workspace.appendAlerts(alerts);
        alerts.forEach(alertListener);
      } catch (RuntimeException e) {
        LOG.error("storing {} alerts failed: {}", raised.size(), e.getMessage());
      }
    }
  }

  /** About once a second, lets the detections decide what came due by the clock (silent devices' windows). */
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
    storeAlerts(alerts);
  }

  /** Stops taking messages, finishes the queued ones, and stops the writer. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
