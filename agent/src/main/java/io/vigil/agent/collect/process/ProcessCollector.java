package io.vigil.agent.collect.process;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.Require;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code process} collector (triggered): ProcessCreate for every started process, ProcessTerminate
 * for every exit.
 *
 * <p>The first {@link #collect()} starts the source chosen by {@link ProcessSettings#mode()} and
 * returns nothing; later calls return what the source's thread saw since. Auto mode uses the
 * kernel's netlink process connector when it can be opened (live root; root or CAP_NET_ADMIN on
 * kernels before 6.6) and falls back to /proc polling, saying why in {@link #fallbackReason()}.
 * ExtraDetails carry {@code
 * Source} ({@code Netlink} or {@code Polling}), {@code ParentExecutable}, {@code CurrentDirectory},
 * {@code StartTime} and {@code Incomplete=true} for creates caught too late to read; exits carry
 * {@code Signal} and {@code CoreDumped} (netlink) or {@code ExitStatusKnown=false} (polling).
 *
 * <p>Threading: {@link #collect()} and {@link #close()} come from the agent thread; the other
 * accessors may be called from any thread.
 */
public final class ProcessCollector implements Collector {
  /** Payload items per event, so that a burst does not make one oversized event. */
  static final int ITEMS_PER_EVENT = 200;

  /** The source that captures processes. */
  public enum Source {
    NETLINK(NetlinkProcessSource.SOURCE),
    POLLING(PollingProcessSource.SOURCE);

    private final String detail;

    Source(String detail) {
      this.detail = detail;
    }

    /** The value of the events' {@code Source} ExtraDetail: Netlink or Polling. */
    public String detail() {
      return detail;
    }
  }

  /**
   * Counters since the collector started.
   *
   * @param dropped starts and exits dropped because the buffer was full (collect() not called often enough)
   * @param kernelOverruns times the kernel dropped netlink events (ENOBUFS): the reader fell behind a burst
   * @param malformedMessages netlink messages skipped because they could not be parsed
   * @param incomplete creates emitted with {@code Incomplete=true}
   */
  public record Statistics(long dropped, long kernelOverruns, long malformedMessages, long incomplete) {}

  private final CollectorContext ctx;
  private final ProcessSettings settings;
  private final ChangeBuffer buffer;
  private volatile ChangeSource source;
  private volatile String fallbackReason;
  private volatile long incomplete;
  private volatile long earlierOverruns;
  private volatile long earlierMalformed;
  private boolean closed;

  public ProcessCollector(CollectorContext ctx) {
    this(ctx, ProcessSettings.defaults());
  }

  public ProcessCollector(CollectorContext ctx, ProcessSettings settings) {
    this.ctx = Require.present(ctx, "ctx");
    this.settings = Require.present(settings, "settings");
    this.buffer = new ChangeBuffer(settings.maxBuffered());
  }

  @Override
  public String name() {
    return "process";
  }

  /** The source capturing processes, empty before the first collect() or after a failure to start. */
  public Optional<Source> activeSource() {
    ChangeSource s = source;
    return s == null ? Optional.empty() : Optional.of(s.kind());
  }

  /** Why Auto mode uses polling instead of netlink, or empty if it does not. */
  public Optional<String> fallbackReason() {
    return Optional.ofNullable(fallbackReason);
  }

  /**
   * How the netlink reader thread is scheduled: {@code SCHED_FIFO priority 1} as root, else a nice
   * value or normal with the reason; empty when netlink is not in use.
   */
  public Optional<String> readerScheduling() {
    ChangeSource s = source;
    return s == null ? Optional.empty() : s.readerScheduling();
  }

  public Statistics statistics() {
    ChangeSource s = source;
    long overruns = earlierOverruns + (s == null ? 0 : s.kernelOverruns());
    long malformed = earlierMalformed + (s == null ? 0 : s.malformedMessages());
    return new Statistics(buffer.dropped(), overruns, malformed, incomplete);
  }

  /**
   * The counters of {@link #statistics()} for the heartbeat: {@code BufferDropped} (changes the
   * agent did not take in time), {@code KernelOverruns} (netlink messages the kernel dropped),
   * {@code MalformedMessages}, {@code Incomplete} (processes gone before /proc was read) and
   * {@code Source} (Netlink or Polling).
   */
  @Override
  public java.util.Map<String, String> details() {
    Statistics st = statistics();
    return java.util.Map.of("BufferDropped", Long.toString(st.dropped()), "KernelOverruns", Long.toString(st.kernelOverruns()),
        "MalformedMessages", Long.toString(st.malformedMessages()), "Incomplete", Long.toString(st.incomplete()),
        "Source", activeSource().map(Source::detail).orElse("None"));
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    if (closed) {
      throw new CollectorUnavailableException("the process collector is closed");
    }
    if (source == null) {
      source = start();
      return List.of();
    }
    List<ProcessChange> changes = buffer.drain();
    if (changes.isEmpty() && source.failure().isPresent()) {
      String why = source.failure().get();
      if (settings.mode() == ProcessSettings.Mode.AUTO && source.kind() == Source.NETLINK) {
        stopSource();
        fallbackReason = why;
        source = startPolling();
        return List.of();
      }
      throw new CollectorUnavailableException(why);
    }
    for (ProcessChange c : changes) {
      if (c instanceof ProcessChange.Started s && "true".equals(s.process().extraDetails().get("Incomplete"))) {
        incomplete++;
      }
    }
    return events(changes, ctx.zone());
  }

  @Override
  public void close() {
    closed = true;
    if (source != null) {
      stopSource();
    }
  }

  private void stopSource() {
    earlierOverruns += source.kernelOverruns();
    earlierMalformed += source.malformedMessages();
    source.close();
  }

  private ChangeSource start() throws CollectorUnavailableException {
    Path proc = ctx.path("/proc");
    boolean live = ctx.isLiveRoot();
    if (!live && !Files.isDirectory(proc)) {
      throw new CollectorUnavailableException("no " + proc + ": process data exists only on a running system");
    }
    switch (settings.mode()) {
      case POLLING -> {
        return startPolling();
      }
      case NETLINK -> {
        if (!live) {
          throw new CollectorUnavailableException("Process_Mode Netlink reports the running system's processes, "
              + "but the root is " + ctx.root() + "; use Polling to read " + proc);
        }
        try {
          return NetlinkProcessSource.open(ctx, buffer);
        } catch (NetlinkException e) {
          throw new CollectorUnavailableException("netlink process connector: " + e.getMessage(), e);
        }
      }
      case AUTO -> {
        if (!live) {
          fallbackReason = "the root " + ctx.root() + " is not the running system, whose processes netlink reports";
          return startPolling();
        }
        try {
          return NetlinkProcessSource.open(ctx, buffer);
        } catch (NetlinkException e) {
          fallbackReason = "netlink process connector: " + e.getMessage();
          return startPolling();
        }
      }
    }
    throw new AssertionError("unknown mode " + settings.mode());
  }

  private ChangeSource startPolling() throws CollectorUnavailableException {
    PollingProcessSource polling = new PollingProcessSource(ctx.root());
    if (!polling.available()) {
      throw new CollectorUnavailableException("no readable " + ctx.path("/proc") + ": cannot poll processes");
    }
    try {
      return PollingLoop.start(polling, settings.pollingInterval(), buffer, ctx.clock());
    } catch (UncheckedIOException e) {
      throw new CollectorUnavailableException(e.getMessage(), e);
    }
  }

  /** Consecutive-enough changes of one kind that become one event. */
  private record Batch(Instant at, List<ProcessChange> changes) {
    SecurityEvent event(EventHeader header) {
      if (changes.getFirst() instanceof ProcessChange.Started) {
        return new ProcessCreate(header, changes.stream().map(c -> ((ProcessChange.Started) c).process()).toList());
      }
      return new ProcessTerminate(header, changes.stream().map(c -> ((ProcessChange.Exited) c).process()).toList());
    }
  }

  /**
   * Groups the changes into ProcessCreate and ProcessTerminate events of at most {@link
   * #ITEMS_PER_EVENT} items, in the order of their first item, each stamped with when its first
   * item was seen.
   */
  static List<SecurityEvent> events(List<ProcessChange> changes, ZoneId zone) {
    List<Batch> batches = new ArrayList<>();
    Batch creates = null;
    Batch exits = null;
    for (ProcessChange change : changes) {
      switch (change) {
        case ProcessChange.Started s -> {
          if (creates == null || creates.changes().size() == ITEMS_PER_EVENT) {
            creates = new Batch(s.at(), new ArrayList<>());
            batches.add(creates);
          }
          creates.changes().add(s);
        }
        case ProcessChange.Exited x -> {
          if (exits == null || exits.changes().size() == ITEMS_PER_EVENT) {
            exits = new Batch(x.at(), new ArrayList<>());
            batches.add(exits);
          }
          exits.changes().add(x);
        }
      }
    }
    List<SecurityEvent> events = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      events.add(b.event(EventHeader.at(b.at(), zone.getRules().getOffset(b.at()))));
    }
    return events;
  }
}
