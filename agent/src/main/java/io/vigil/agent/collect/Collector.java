package io.vigil.agent.collect;

import io.vigil.model.event.SecurityEvent;
import java.util.List;

/**
 * One source of security events, read through the root path of its {@link CollectorContext}.
 *
 * <p>A periodic (snapshot) collector returns the current state on each call. A triggered (event)
 * collector returns what happened since the previous call; its first call may only learn the
 * current state and return nothing. Calls come from one agent thread; a collector that needs a
 * thread of its own (a netlink socket, a file watcher) starts it in its constructor or first call
 * and stops it in {@link #close()}.
 */
public interface Collector extends AutoCloseable {
  /** The spec name: {@code process}, {@code listening_ports}, {@code file_integrity} ... */
  String name();

  /**
   * Collects.
   *
   * @return zero or more events; never null
   * @throws CollectorUnavailableException if the source cannot be read, saying why; the agent
   *     records the reason once and carries on without this collector's data
   */
  List<SecurityEvent> collect() throws CollectorUnavailableException;

  /**
   * Counters of the collector's own, for the heartbeat's AgentStatistics ExtraDetails: what it
   * dropped or could not read before anything reached the agent. The default has none.
   */
  default java.util.Map<String, String> details() {
    return java.util.Map.of();
  }

  /** Releases threads, sockets and watches. The default does nothing. */
  @Override
  default void close() {}
}
