package io.vigil.agent.collect.process;

import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds started and exited processes by listing /proc and diffing the pids.
 *
 * <p>The fallback source: it needs no privileges, but a process that starts and exits between two
 * polls is missed, and an exit's status is unknown. Not thread-safe; one thread calls it.
 */
public final class PollingProcessSource {
  static final String SOURCE = "Polling";

  private final ProcReader reader;
  /** The pids seen by the last poll, with their executables; null for kernel threads. */
  private Map<Long, String> known;

  /** The processes started and exited since the previous poll, in that order within each list. */
  record Changes(List<ProcessCreate.Process> started, List<ProcessTerminate.Process> exited) {}

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
    return changes().started();
  }

  /**
   * The processes started and exited since the previous call; the first call learns what already
   * runs and returns nothing. Exits carry exit status -1 and {@code ExitStatusKnown=false}: /proc
   * does not keep the status of a process that is gone.
   *
   * @throws UncheckedIOException if the proc directory cannot be listed
   */
  Changes changes() {
    List<Long> pids = list();
    Map<Long, String> now = new HashMap<>(pids.size() * 2);
    List<ProcessCreate.Process> started = new ArrayList<>();
    List<ProcessTerminate.Process> exited = new ArrayList<>();
    if (known == null) {
      for (long pid : pids) {
        now.put(pid, reader.executable(pid));
      }
    } else {
      for (long pid : pids) {
        if (known.containsKey(pid)) {
          now.put(pid, known.get(pid));
          continue;
        }
        Optional<ProcessInfo> info = reader.read(pid);
        if (info.isPresent() && !info.get().kernelThread()) {
          ProcessCreate.Process p = info.get().toEvent(SOURCE);
          started.add(p);
          now.put(pid, p.executable());
        } else {
          now.put(pid, null);
        }
      }
      known.forEach((pid, exe) -> {
        if (exe != null && !now.containsKey(pid)) {
          exited.add(new ProcessTerminate.Process(exe, pid, -1, Map.of("Source", SOURCE, "ExitStatusKnown", "false")));
        }
      });
      exited.sort(Comparator.comparingLong(ProcessTerminate.Process::processId));
    }
    known = now;
    return new Changes(started, exited);
  }

  /** Every process running now, kernel threads excepted. */
  public List<ProcessCreate.Process> snapshot() {
    List<ProcessCreate.Process> all = new ArrayList<>();
    for (long pid : list()) {
      reader.read(pid).filter(p -> !p.kernelThread()).map(p -> p.toEvent(SOURCE)).ifPresent(all::add);
    }
    return all;
  }

  private List<Long> list() {
    try {
      return reader.pids();
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "it does not exist" : e.toString();
      throw new UncheckedIOException("cannot list processes in " + reader.proc() + ": " + why, e);
    }
  }
}
