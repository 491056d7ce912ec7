package io.vigil.hub.twin;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A fixed set of single-threaded loops with bounded queues; a device's tasks always run on the same
 * loop, so they run one at a time and in order, and per-device state needs no lock.
 */
final class DeviceShards implements AutoCloseable {
  private final ThreadPoolExecutor[] loops;

  DeviceShards(String name, int count, int queueCapacity) {
    if (count < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("shards need count >= 1 and queueCapacity >= 1, got " + count + ", " + queueCapacity);
    }
    loops = new ThreadPoolExecutor[count];
    for (int i = 0; i < count; i++) {
      loops[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
          Thread.ofPlatform().name(name + "-" + i).daemon(true).factory(), new ThreadPoolExecutor.AbortPolicy());
    }
  }

  /**
   * Runs {@code task} on the device's loop.
   *
   * @return the task's outcome; fails with {@link TwinException.Reason#THROTTLED} when the loop's
   *     queue is full, {@link TwinException.Reason#UNAVAILABLE} after {@link #close()}
   */
  <T> CompletableFuture<T> submit(String deviceId, Supplier<T> task) {
    ThreadPoolExecutor loop = loops[Math.floorMod(deviceId.hashCode(), loops.length)];
    try {
      return CompletableFuture.supplyAsync(task, loop);
    } catch (RejectedExecutionException e) {
      TwinException refused = loop.isShutdown()
          ? new TwinException(TwinException.Reason.UNAVAILABLE, "the hub is shutting down; retry after it restarts", e)
          : new TwinException(TwinException.Reason.THROTTLED,
              "too many twin requests queued (" + loop.getQueue().size() + "); retry later", e);
      return CompletableFuture.failedFuture(refused);
    }
  }

  /** Stops taking tasks and waits up to 10 s for the queued ones. */
  @Override
  public void close() {
    for (ThreadPoolExecutor loop : loops) {
      loop.shutdown();
    }
    try {
      for (ThreadPoolExecutor loop : loops) {
        if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
          loop.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (ThreadPoolExecutor loop : loops) {
        loop.shutdownNow();
      }
    }
  }
}
