package io.vigil.agent.collect.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-over from a source's thread to collect(): when it is full, new changes are
 * dropped and counted, so a collector that is not drained cannot exhaust memory. Thread-safe.
 */
final class ChangeBuffer {
  private final BlockingQueue<ProcessChange> queue;
  private final AtomicLong dropped = new AtomicLong();

  ChangeBuffer(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Adds {@code change}, or counts it as dropped if the buffer is full. */
  void add(ProcessChange change) {
    if (!queue.offer(change)) {
      dropped.incrementAndGet();
    }
  }

  /** Everything buffered, oldest first; the buffer is empty afterwards. */
  List<ProcessChange> drain() {
    List<ProcessChange> all = new ArrayList<>(queue.size());
    queue.drainTo(all);
    return all;
  }

  /** How many changes were dropped because the buffer was full, since it was made. */
  long dropped() {
    return dropped.get();
  }
}
