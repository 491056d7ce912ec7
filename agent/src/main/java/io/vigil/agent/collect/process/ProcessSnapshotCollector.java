package io.vigil.agent.collect.process;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.util.List;

/**
 * The {@code process} collector of a one-off round ({@code vigil agent --once}): the processes
 * running now, as ProcessCreate items with {@code Source=Snapshot}. The running agent uses {@link
 * ProcessCollector}, which reports starts and exits as they happen.
 */
public final class ProcessSnapshotCollector implements Collector {
  private final CollectorContext ctx;
  private final PollingProcessSource source;

  public ProcessSnapshotCollector(CollectorContext ctx) {
    this.ctx = ctx;
    this.source = new PollingProcessSource(ctx.root());
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    if (!source.available()) {
      throw new CollectorUnavailableException("no " + ctx.path("/proc") + ": process data exists only on a running system");
    }
    List<ProcessCreate.Process> running = source.snapshot().stream().map(ProcessSnapshotCollector::snapshot).toList();
    return running.isEmpty() ? List.of() : List.of(new ProcessCreate(ctx.header(), running));
  }

  private static ProcessCreate.Process snapshot(ProcessCreate.Process p) {
    var extra = new java.util.LinkedHashMap<>(p.extraDetails());
    extra.put("Source", "Snapshot");
    return new ProcessCreate.Process(p.executable(), p.processId(), p.parentProcessId(), p.userId(), p.userName(), p.commandLine(), extra);
  }
}
