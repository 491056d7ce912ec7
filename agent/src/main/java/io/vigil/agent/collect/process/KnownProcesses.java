package io.vigil.agent.collect.process;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * What the netlink source remembers about each live process: its executable, for its exit event
 * (by then /proc no longer shows it), and its parent, for a process caught too late to read.
 *
 * <p>Entries go when the process exits. Exits the kernel dropped would leave entries behind, so
 * past a size limit the entries of processes that are gone are pruned. Not thread-safe: the
 * reader thread owns it.
 */
final class KnownProcesses {
  private static final int PRUNE_ABOVE = 1 << 16;

  private record Entry(String executable, int parent) {}

  private final Map<Integer, Entry> byPid = new HashMap<>();
  private final IntPredicate alive;
  private int pruneAbove = PRUNE_ABOVE;

  /** @param alive tells whether a pid still exists, for pruning */
  KnownProcesses(IntPredicate alive) {
    this.alive = alive;
  }

  /** {@code pid} now runs {@code executable} (null if unknown), started by {@code parent} (0 if unknown). */
  void started(int pid, String executable, int parent) {
    put(pid, new Entry(executable, parent));
  }

  /** {@code child} was forked by {@code parent} and runs the same executable until it execs. */
  void forked(int child, int parent) {
    Entry p = byPid.get(parent);
    put(child, new Entry(p == null ? null : p.executable(), parent));
  }

  /** Records a process that ran before the source started, unless something newer is known. */
  void existing(int pid, String executable) {
    byPid.putIfAbsent(pid, new Entry(executable, 0));
  }

  Optional<String> executable(int pid) {
    Entry e = byPid.get(pid);
    return e == null ? Optional.empty() : Optional.ofNullable(e.executable());
  }

  OptionalInt parent(int pid) {
    Entry e = byPid.get(pid);
    return e == null || e.parent() <= 0 ? OptionalInt.empty() : OptionalInt.of(e.parent());
  }

  /** Forgets {@code pid}, which exited, and returns its executable if known. */
  Optional<String> exited(int pid) {
    Entry e = byPid.remove(pid);
    return e == null ? Optional.empty() : Optional.ofNullable(e.executable());
  }

  int size() {
    return byPid.size();
  }

  private void put(int pid, Entry entry) {
    byPid.put(pid, entry);
    if (byPid.size() > pruneAbove) {
      byPid.keySet().removeIf(p -> !alive.test(p));
      pruneAbove = Math.max(PRUNE_ABOVE, byPid.size() * 2);
    }
  }
}
