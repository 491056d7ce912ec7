package io.vigil.agent.collect.process;

import io.vigil.model.event.ProcessCreate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds started processes by listing /proc at an interval and diffing the pids.
 *
 * <p>The fallback source: it needs no privileges, but a process that starts and exits between two
 * polls is missed. Not thread-safe; one collector thread calls it.
 */
public final class PollingProcessSource {
  private final ProcReader reader;
  private Set<Long> known;

  /** Reads {@code root}/proc; {@code root} is {@code /} on the live system. */
  public PollingProcessSource(Path root) {
    this.reader = new ProcReader(root);
  }

  /** True if the proc file system under the root can be read. */
  public boolean available() {
    return reader.available();
  }

  /**
   * The processes started since the previous call. The first call returns nothing: it learns what
   * already runs.
   *
   * @throws UncheckedIOException if the proc directory cannot be listed
   */
  public List<ProcessCreate.Process> poll() {
    List<Long> pids = list();
    Set<Long> now = new HashSet<>(pids);
    List<ProcessCreate.Process> started = new ArrayList<>();
    if (known != null) {
      for (long pid : pids) {
        if (!known.contains(pid)) {
          reader.read(pid).map(ProcessInfo::toEvent).ifPresent(started::add);
        }
      }
    }
    known = now;
    return started;
  }

  /** Every process running now, kernel threads excepted. */
  public List<ProcessCreate.Process> snapshot() {
    List<ProcessCreate.Process> all = new ArrayList<>();
    for (long pid : list()) {
      Optional<ProcessInfo> info = reader.read(pid);
      info.map(ProcessInfo::toEvent).ifPresent(all::add);
    }
    return all;
  }

  private List<Long> list() {
    try {
      return reader.pids();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list processes: " + e.getMessage(), e);
    }
  }
}
