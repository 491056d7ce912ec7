package io.vigil.agent.aggregate;

import io.vigil.model.event.ConnectionCreate.Connection;
import io.vigil.model.event.ProcessCreate.Process;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One open window: the first occurrence of an item, how often it was seen, and when. Not thread-safe. */
final class Aggregate {
  static final String HIT_COUNT = "HitCount";
  static final String FIRST_SEEN = "FirstSeen";
  static final String LAST_SEEN = "LastSeen";

  private final Record first;
  private final Instant closesAt;
  private Instant firstSeen;
  private Instant lastSeen;
  private long hits;

  /**
   * A window opened by {@code first} at {@code seen} that ends at {@code closesAt}.
   *
   * @param firstSent true if the first occurrence was already passed on: the window then counts
   *     only the repeats
   */
  Aggregate(Record first, Instant seen, Instant closesAt, boolean firstSent) {
    this.first = first;
    this.closesAt = closesAt;
    if (!firstSent) {
      this.firstSeen = seen;
      this.lastSeen = seen;
      this.hits = 1;
    }
  }

  /** Counts one more occurrence at {@code seen}. */
  void hit(Instant seen) {
    hits++;
    if (firstSeen == null) {
      firstSeen = seen;
    }
    if (lastSeen == null || seen.isAfter(lastSeen)) {
      lastSeen = seen;
    }
  }

  /** True if the window counted nothing to report (its first occurrence went out at once and nothing repeated). */
  boolean empty() {
    return hits == 0;
  }

  /** True if the window has ended at {@code now}: it covers [first seen, first seen + interval). */
  boolean endedAt(Instant now) {
    return !now.isBefore(closesAt);
  }

  /** The first occurrence, or a Process or Connection. */
  Record first() {
    return first;
  }

  /** The first occurrence with {@code HitCount}, {@code FirstSeen} and {@code LastSeen} added to its extra details. */
  Record counted() {
    Map<String, String> extra = new HashMap<>();
    return switch (first) {
      case Process p -> {
        extra.putAll(p.extraDetails());
        putCounts(extra);
        yield new Process(p.executable(), p.processId(), p.parentProcessId(), p.userId(), p.userName(),
            p.commandLine(), extra);
      }
      case Connection c -> {
        extra.putAll(c.extraDetails());
        putCounts(extra);
        yield new Connection(c.remoteAddress(), c.remotePort(), c.localAddress(), c.localPort(), c.direction(),
            c.protocol(), c.processId(), c.userId(), c.executable(), c.commandLine(), extra);
      }
      default -> throw new IllegalStateException("not an aggregated item: " + first);
    };
  }

  private void putCounts(Map<String, String> extra) {
    extra.put(HIT_COUNT, Long.toString(hits));
    extra.put(FIRST_SEEN, firstSeen.toString());
    extra.put(LAST_SEEN, lastSeen.toString());
  }
}
