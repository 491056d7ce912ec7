package io.vigil.agent;

import io.vigil.model.event.Events;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * Keeps the agent from reporting itself: the processes it starts (journalctl, nft, iptables-save
 * ...) would otherwise become events on every collection, and their events more traffic, at rest.
 * Drops ProcessCreate items whose parent is the agent, and the ProcessTerminate items of those
 * processes, each forgotten at its exit or when its pid is seen starting another process. Used by
 * the agent thread only.
 */
final class SelfFilter {
  private static final int REMEMBERED = 1024;

  private final long self;
  private final SequencedSet<Long> children = new LinkedHashSet<>();

  SelfFilter(long selfPid) {
    this.self = selfPid;
  }

  List<SecurityEvent> apply(List<SecurityEvent> events) {
    List<SecurityEvent> out = new ArrayList<>(events.size());
    for (SecurityEvent e : events) {
      switch (e) {
        case ProcessCreate pc -> keep(pc, pc.payload().stream().map(p -> {
          boolean mine = p.parentProcessId() == self || p.processId() == self;
          if (mine) {
            remember(p.processId());
          } else {
            children.remove(p.processId()); // the pid of a child that exited unseen, now someone else's
          }
          return !mine;
        }).toList(), out);
        // A child is forgotten at its exit, so that the pid's next owner is reported (pids wrap at 32768 by default).
        case ProcessTerminate pt -> keep(pt, pt.payload().stream().map(p -> !children.remove(p.processId())).toList(), out);
        default -> out.add(e);
      }
    }
    return out;
  }

  /** Adds {@code e}, or the slices of it whose items are marked kept; nothing if none is. */
  private static void keep(SecurityEvent e, List<Boolean> kept, List<SecurityEvent> out) {
    if (!kept.contains(false)) {
      out.add(e);
      return;
    }
    int start = -1;
    for (int i = 0; i <= kept.size(); i++) {
      boolean k = i < kept.size() && kept.get(i);
      if (k && start < 0) {
        start = i;
      } else if (!k && start >= 0) {
        out.add(Events.slice(e, start, i));
        start = -1;
      }
    }
  }

  private void remember(long pid) {
    children.add(pid);
    if (children.size() > REMEMBERED) {
      children.removeFirst();
    }
  }
}
