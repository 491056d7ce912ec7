package io.vigil.server.pipeline;

import io.vigil.detect.Detection;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.detect.recommend.Recommender;
import io.vigil.server.alerts.AlertRecorder;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.wire.ItemText;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.hub.settings.DataCollection;
import io.vigil.model.Alert;
import io.vigil.model.Device;
import io.vigil.model.SecurityGroup;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.SecurityMessage;
import io.vigil.store.HubOperationRow;
import io.vigil.store.Workspace;
import io.vigil.wire.SecurityMessageCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From accepted message to stored rows and alerts, on a fixed set of writer threads (shards), each
 * owning the devices whose id hashes to it.
 *
 * <p>Each shard has a bounded queue; a full queue refuses new messages (the hub then refuses the
 * publish and the agent retries), so memory stays bounded under overload. A shard drains batches,
 * stores their raw events in one transaction (dropping events already stored: agents deliver at
 * least once), acknowledges them, then runs its own instances of the detections on the new events
 * and stores the alerts. A device is always on the same shard, so detection state per device is
 * touched by one thread only. Hub operations are stored, and also go to their device's shard as
 * {@link HubOperation} events for the agentless detections. Posture snapshots also go through the
 * {@link Recommender}, whose recommendations are stored (upserted) with the batch. The
 * data-collection settings apply where rows are written ({@link CollectionBorder}): detections see
 * events as they came, the workspace gets them masked or not at all.
 */
public final class Pipeline implements IngestSink, HubOperationLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  record Accepted(Device device, SecurityMessage message, ItemText items, Instant received, String protocol, CompletableFuture<Void> stored)
      implements PipelineShard.Work {}

  record HubEvent(DeviceEvent event) implements PipelineShard.Work {}

  /**
   * The device id the detections see for hub operations that concern no device (a CA added or
   * removed), so that their alerts have a subject: {@value}.
   */
  public static final String HUB = "(hub)";

  private final BlockingQueue<HubOperationRow> operations = new ArrayBlockingQueue<>(10_000);
  private final AtomicLong operationsDropped = new AtomicLong();
  private final AtomicLong hubEventsDropped = new AtomicLong();
  private final Workspace workspace;
  private final Function<String, String> groupOf;
  private final CollectionBorder border;
  private final List<PipelineShard> shards = new ArrayList<>();
  private volatile boolean running = true;

  /** One shard sharing {@code detections}, the default alert lifecycle; for tests and callers with a single writer. */
  public Pipeline(
      Workspace workspace, SecurityMessageCodec codec, List<Detection> detections, int queueCapacity, Consumer<Alert> alertListener) {
    this(workspace, codec, detections, queueCapacity, alertListener, Clock.systemUTC());
  }

  /** One shard sharing {@code detections}, with the clock given to {@link Detection#advance}. */
  public Pipeline(Workspace workspace, SecurityMessageCodec codec, List<Detection> detections, int queueCapacity,
      Consumer<Alert> alertListener, Clock clock) {
    this(workspace, codec, () -> detections, Recommender.inMemory(), 1, queueCapacity, alertListener, clock, id -> SecurityGroup.DEFAULT,
        DataCollection.defaults());
  }

  /** As the full constructor, with the default alert lifecycle telling {@code alertListener} of each new alert. */
  public Pipeline(Workspace workspace, SecurityMessageCodec codec, Supplier<List<Detection>> detections, Recommender recommender,
      int shards, int queueCapacity, Consumer<Alert> alertListener, Clock clock, Function<String, String> groupOf, DataCollection settings) {
    this(workspace, codec, detections, recommender, shards, queueCapacity,
        new AlertRecorder(workspace, new AlertLifecycle(AlertLifecycle.DEFAULT_WINDOW), alertListener), clock, groupOf, settings);
  }

  /**
   * @param detections called once per shard, in shard order, for that shard's own detection instances
   * @param recommender posture recommendations from the snapshots, shared by the shards (its state is per device)
   * @param shards how many writer threads; at least 1
   * @param queueCapacity each shard's queue, in messages
   * @param alerts stores the alerts the detections raise (deduplicated, on the shards' threads) and tells of the new ones
   * @param clock what {@link Detection#advance} is given, about once a second, so that the windows of
   *     devices that fell silent are decided
   * @param groupOf the security group of a device id, for hub operations; called on the broker's threads
   * @param settings the data-collection settings applied to what is stored (masking, monitoring off, twin data
   *     collection), asked for every message, operation and alert
   */
  public Pipeline(Workspace workspace, SecurityMessageCodec codec, Supplier<List<Detection>> detections, Recommender recommender,
      int shards, int queueCapacity, AlertRecorder alerts, Clock clock, Function<String, String> groupOf, DataCollection settings) {
    if (shards < 1) {
      throw new IllegalArgumentException("pipeline shards must be at least 1, was " + shards);
    }
    this.workspace = workspace;
    this.groupOf = groupOf;
    this.border = new CollectionBorder(settings);
    RawEvents rawEvents = new RawEvents(codec);
    for (int i = 0; i < shards; i++) {
      this.shards.add(new PipelineShard(i, workspace, rawEvents, detections.get(), recommender, queueCapacity, alerts, border, clock,
          this::storeOperations));
    }
  }

  /** Convenience for benchmarks and defaults: as many shards as cores, at most 8. */
  public static int defaultShards() {
    return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  private PipelineShard shardOf(String deviceId) {
    return shards.get(Math.floorMod(deviceId.hashCode(), shards.size()));
  }

  @Override
  public CompletableFuture<Void> accept(Device device, SecurityMessage message, Instant received) {
    return accept(device, message, received, "");
  }

  @Override
  public CompletableFuture<Void> accept(Device device, SecurityMessage message, Instant received, String protocol) {
    return accept(device, message, ItemText.NONE, received, protocol);
  }

  /** {@inheritDoc} The raw event rows store each payload item as received where {@code items} knows it. */
  @Override
  public CompletableFuture<Void> accept(Device device, SecurityMessage message, ItemText items, Instant received, String protocol) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    if (!running) {
      stored.completeExceptionally(new RejectedExecutionException("server is shutting down"));
    } else if (!shardOf(device.deviceId()).offer(new Accepted(device, message, items, received, protocol, stored))) {
      stored.completeExceptionally(new RejectedExecutionException("server busy: ingest queue is full, retry later"));
    }
    return stored;
  }

  /**
   * Queues a hub operation for the {@code HubOperation} table (as the data-collection settings say:
   * masked, or not at all) and for its device's detections (unless its group is not monitored). Never
   * blocks the broker's thread: when a queue is full the operation is dropped there and counted, and
   * the drop is logged.
   */
  @Override
  public void record(String deviceId, HubOperation.Operation op, Instant at) {
    Optional<HubOperationRow> stored = border.operation(deviceId, op, at);
    stored.ifPresent(row -> {
      LOG.info("hub: {} {} device={} source={} {}", row.operation(), row.result(), deviceId, row.sourceIp(), row.details());
      if (!operations.offer(row)) {
        countDrop(operationsDropped, "hub operation queue full: {} operations not stored so far");
      }
    });
    String subject = deviceId == null || deviceId.isEmpty() ? HUB : deviceId;
    if (running && Device.isValidId(subject) && (subject.equals(HUB) || border.analyses(subject))) {
      String group = subject.equals(HUB) ? SecurityGroup.DEFAULT : groupOf.apply(subject);
      DeviceEvent event = new DeviceEvent(subject, group, "", "", at, new HubOperation(EventHeader.at(at, ZoneOffset.UTC), List.of(op)));
      if (!shardOf(subject).offer(new HubEvent(event))) {
        countDrop(hubEventsDropped, "pipeline queue full: {} hub operations not analysed so far");
      }
    }
  }

  private static void countDrop(AtomicLong counter, String message) {
    long dropped = counter.incrementAndGet();
    if (dropped == 1 || dropped % 1000 == 0) {
      LOG.warn(message, dropped);
    }
  }

  /**
   * Stores the queued hub operations; called by the shards between batches. One shard at a time
   * drains and stores, so operations are stored in the order they were recorded: once one is
   * visible, every one recorded before it is too.
   */
  private void storeOperations() {
    synchronized (operations) {
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
  }

  /** Stops taking messages, finishes the queued ones, and stops the writers. */
  @Override
  public void close() {
    running = false;
    shards.forEach(PipelineShard::stop);
    try {
      for (PipelineShard s : shards) {
        s.join(30_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
