package io.vigil.agent;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.process.PollingProcessSource;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.util.List;

/** Builds the agent's collectors, by spec name. */
public final class CollectorRegistry {
  private CollectorRegistry() {}

  /** The spec names of every collector, the heartbeat included. */
  public static final List<String> NAMES = List.of("process", "heartbeat");

  /**
   * The collectors named in {@code names} (all when null), the heartbeat excepted: the agent always
   * adds it, so naming it here only selects nothing else.
   *
   * @param snapshot true for a one-off round (--once): triggered collectors then report the current
   *     state where they have one (the running processes) instead of learning a baseline
   * @throws IllegalArgumentException naming an unknown collector
   */
  public static List<Collector> create(CollectorContext ctx, List<String> names, boolean snapshot) {
    List<String> wanted = names == null ? NAMES : names;
    for (String n : wanted) {
      if (!NAMES.contains(n)) {
        throw new IllegalArgumentException("unknown collector '" + n + "'; available: " + String.join(", ", NAMES));
      }
    }
    return wanted.contains("process") ? List.of(process(ctx, snapshot)) : List.of();
  }

  private static Collector process(CollectorContext ctx, boolean snapshot) {
    PollingProcessSource source = new PollingProcessSource(ctx.root());
    return new Collector() {
      @Override
      public String name() {
        return "process";
      }

      @Override
      public List<SecurityEvent> collect() throws CollectorUnavailableException {
        if (!source.available()) {
          throw new CollectorUnavailableException("no " + ctx.path("/proc") + ": process data exists only on a running system");
        }
        List<ProcessCreate.Process> found = snapshot ? source.snapshot() : source.poll();
        return found.isEmpty() ? List.of() : List.of(new ProcessCreate(ctx.header(), found));
      }
    };
  }
}
