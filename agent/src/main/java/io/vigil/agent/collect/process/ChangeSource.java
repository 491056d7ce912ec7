package io.vigil.agent.collect.process;

import java.util.Optional;

/**
 * A process event source running on its own thread, feeding a {@link ChangeBuffer}. It stops on
 * its own only when it fails, and then says why.
 */
interface ChangeSource extends AutoCloseable {
  ProcessCollector.Source kind();

  /** Why the source stopped, or empty while it runs. */
  Optional<String> failure();

  /** Times the kernel dropped events because the source did not read them fast enough. */
  default long kernelOverruns() {
    return 0;
  }

  /** Messages from the kernel that could not be parsed, and so were skipped. */
  default long malformedMessages() {
    return 0;
  }

  /** How the source's reader thread is scheduled, if the source raised its priority. */
  default Optional<String> readerScheduling() {
    return Optional.empty();
  }

  /** Stops the thread and releases what the source holds; idempotent. */
  @Override
  void close();
}
