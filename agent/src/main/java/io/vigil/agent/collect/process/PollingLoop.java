package io.vigil.agent.collect.process;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs a {@link PollingProcessSource} on its own daemon thread at a fixed delay, so that what it
 * catches does not depend on how often the agent calls collect().
 */
final class PollingLoop implements ChangeSource {
  private final PollingProcessSource source;
  private final Duration interval;
  private final ChangeBuffer buffer;
  private final Clock clock;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String failure;

  private PollingLoop(PollingProcessSource source, Duration interval, ChangeBuffer buffer, Clock clock) {
    this.source = source;
    this.interval = interval;
    this.buffer = buffer;
    this.clock = clock;
    this.thread = Thread.ofPlatform().name("vigil-process-polling").daemon().unstarted(this::run);
  }

  /**
   * Takes the baseline on the calling thread, then starts polling every {@code interval}.
   *
   * @throws UncheckedIOException if the proc directory cannot be listed
   */
  static PollingLoop start(PollingProcessSource source, Duration interval, ChangeBuffer buffer, Clock clock) {
    source.changes();
    PollingLoop loop = new PollingLoop(source, interval, buffer, clock);
    loop.thread.start();
    return loop;
  }

  @Override
  public ProcessCollector.Source kind() {
    return ProcessCollector.Source.POLLING;
  }

  @Override
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  private void run() {
    while (running) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return; // close() interrupts the sleep to stop at once
      }
      try {
        PollingProcessSource.Changes changes = source.changes();
        Instant at = clock.instant();
        changes.exited().forEach(p -> buffer.add(new ProcessChange.Exited(at, p)));
        changes.started().forEach(p -> buffer.add(new ProcessChange.Started(at, p)));
      } catch (UncheckedIOException e) {
        failure = e.getMessage();
        return;
      } catch (RuntimeException e) {
        failure = "process polling failed: " + e;
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
