package io.vigil.agent.aggregate;

import io.vigil.model.Require;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.ConnectionCreate.Connection;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessCreate.Process;
import io.vigil.model.event.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Collapses identical ProcessCreate and ConnectionCreate items seen within an interval into one,
 * as the Defender for IoT micro agent did.
 *
 * <p>A window opens at an item's first occurrence and lasts its collector's interval; the item
 * kept is that first occurrence, with {@code HitCount} (decimal), {@code FirstSeen} and {@code
 * LastSeen} (ISO 8601 instants, the {@code now} of the first and last {@link #offer}) added to
 * its extra details. What counts as identical is {@link Identity}. Events of other kinds,
 * including ProcessTerminate, and events of collectors whose aggregation is disabled pass through.
 *
 * <p>Time comes only from the {@code now} arguments. Not thread-safe: call it from one thread.
 */
public final class Aggregator {
  /** The most items one flushed event carries. */
  static final int MAX_ITEMS_PER_EVENT = 200;

  private final AggregationSettings settings;
  private final Supplier<EventHeader> headers;
  /** Open windows in first-seen order. */
  private final LinkedHashMap<Identity, Aggregate> open = new LinkedHashMap<>();

  /**
   * An aggregator with no open windows.
   *
   * @param headers makes the header of each flushed event, for example {@code ctx::header}
   */
  public Aggregator(AggregationSettings settings, Supplier<EventHeader> headers) {
    this.settings = Require.present(settings, "settings");
    this.headers = Require.present(headers, "headers");
  }

  /**
   * Absorbs the ProcessCreate and ConnectionCreate items of {@code events} from {@code collector}
   * into open windows, if aggregation is enabled for it, and returns what is not held back.
   *
   * @return the events that pass through, unchanged and in order, followed by the aggregates
   *     flushed early: windows that had already ended when their item came again (the item then
   *     opens a new window), and the oldest windows closed to stay within {@link
   *     AggregationSettings#maxOpenAggregates()}
   */
  public List<SecurityEvent> offer(String collector, List<SecurityEvent> events, Instant now) {
    Require.present(collector, "collector");
    Require.present(events, "events");
    Require.present(now, "now");
    List<SecurityEvent> passed = new ArrayList<>();
    List<Aggregate> early = new ArrayList<>();
    for (SecurityEvent event : events) {
      boolean aggregated = settings.enabled(collector)
          && (event instanceof ProcessCreate || event instanceof ConnectionCreate);
      if (!aggregated) {
        passed.add(event);
        continue;
      }
      List<Aggregate> immediate = new ArrayList<>();
      for (Record item : event.payload()) {
        absorb(collector, item, now, early).ifPresent(immediate::add);
      }
      passed.addAll(toEvents(immediate, false));
    }
    passed.addAll(toEvents(early, true));
    return passed;
  }

  /** Closes the windows that have ended at {@code now} and returns them as events, in first-seen order. */
  public List<SecurityEvent> flushDue(Instant now) {
    Require.present(now, "now");
    List<Aggregate> due = new ArrayList<>();
    for (Iterator<Aggregate> it = open.values().iterator(); it.hasNext(); ) {
      Aggregate a = it.next();
      if (a.endedAt(now)) {
        due.add(a);
        it.remove();
      }
    }
    return toEvents(due, true);
  }

  /** Closes every open window, as at shutdown, and returns them as events, in first-seen order. */
  public List<SecurityEvent> flushAll() {
    List<Aggregate> all = new ArrayList<>(open.values());
    open.clear();
    return toEvents(all, true);
  }

  /** How many windows are open. */
  int openCount() {
    return open.size();
  }

  /** Takes {@code item} into its window; returns the new window when its first occurrence passes on at once. */
  private Optional<Aggregate> absorb(String collector, Record item, Instant now, List<Aggregate> early) {
    Identity id = Identity.of(collector, item);
    Aggregate existing = open.get(id);
    if (existing != null && !existing.endedAt(now)) {
      existing.hit(now);
      return Optional.empty();
    }
    if (existing != null) {
      early.add(open.remove(id));
    }
    if (open.size() >= settings.maxOpenAggregates()) {
      Iterator<Aggregate> oldest = open.values().iterator();
      early.add(oldest.next());
      oldest.remove();
    }
    Aggregate window = new Aggregate(item, now, now.plus(settings.interval(collector)), settings.firstImmediately());
    open.put(id, window);
    return settings.firstImmediately() ? Optional.of(window) : Optional.empty();
  }

  /** One ProcessCreate per 200 processes, then one ConnectionCreate per 200 connections, each in first-seen order. */
  private List<SecurityEvent> toEvents(List<Aggregate> aggregates, boolean counted) {
    List<Process> processes = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    for (Aggregate a : aggregates) {
      if (counted && a.empty()) {
        continue;
      }
      switch (counted ? a.counted() : a.first()) {
        case Process p -> processes.add(p);
        case Connection c -> connections.add(c);
        default -> throw new IllegalStateException("not an aggregated item: " + a.first());
      }
    }
    List<SecurityEvent> events = new ArrayList<>();
    for (int i = 0; i < processes.size(); i += MAX_ITEMS_PER_EVENT) {
      events.add(new ProcessCreate(headers.get(), chunk(processes, i)));
    }
    for (int i = 0; i < connections.size(); i += MAX_ITEMS_PER_EVENT) {
      events.add(new ConnectionCreate(headers.get(), chunk(connections, i)));
    }
    return events;
  }

  private static <T> List<T> chunk(List<T> items, int from) {
    return items.subList(from, Math.min(items.size(), from + MAX_ITEMS_PER_EVENT));
  }
}
