package io.vigil.agent.collect.heartbeat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.Heartbeat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The bytes the device sent between two reads: the sum, over its network interfaces (the loopback
 * excepted), of the growth of each one's transmit byte counter in /proc/net/dev, read through the
 * context's root.
 *
 * <p>The first read only learns the counters. Afterwards:
 * <ul>
 *   <li>an interface that appeared since the previous read counts its whole counter (it started
 *       at zero when it was created, within the interval);
 *   <li>an interface that disappeared is forgotten; what it sent since the previous read is lost;
 *   <li>a counter that went down was reset (the interface was recreated, or its driver reset it)
 *       and counts its new value; or, when it was within 1 GiB below 2^32 and is now under 1 GiB,
 *       a 32-bit counter (older drivers on 32-bit kernels) wrapped, and counts the distance
 *       through the wrap.
 * </ul>
 * Bridges and their ports, or tunnels and the link under them, both count what crosses them; the
 * sum is consistent from one interval to the next, which is what a rate's band needs.
 *
 * <p>Keeps one small map of the interfaces' last counters. Not thread-safe: the heartbeat's thread only.
 */
final class TransmitCounter {
  static final String FILE = "/proc/net/dev";
  private static final long WRAP = 1L << 32;
  private static final long NEAR = 1L << 30;

  private final CollectorContext ctx;
  private final Path file;
  private Map<String, Long> last;
  private Instant lastAt;
  private String unavailable;

  TransmitCounter(CollectorContext ctx) {
    this.ctx = ctx;
    this.file = ctx.path(FILE);
  }

  /**
   * Reads the counters now.
   *
   * @return the bytes sent since the previous read, or null on the first read or when the file
   *     cannot be read (see {@link #unavailable()})
   */
  Heartbeat.Transmitted read() {
    Instant now = ctx.now();
    Map<String, Long> counters;
    try {
      counters = NetDev.transmitted(Files.readAllLines(file), FILE);
      unavailable = null;
    } catch (NoSuchFileException e) {
      return fail(FILE + " does not exist under " + ctx.root());
    } catch (IOException | IllegalArgumentException e) {
      return fail(e instanceof IOException ? FILE + ": " + e.getMessage() : e.getMessage());
    }
    Map<String, Long> previous = last;
    Instant since = lastAt;
    last = counters;
    lastAt = now;
    if (previous == null || !now.isAfter(since)) {
      return null;
    }
    long sum = 0;
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      Long before = previous.get(e.getKey());
      sum = saturatedAdd(sum, before == null ? e.getValue() : delta(before, e.getValue()));
    }
    return new Heartbeat.Transmitted(sum, since, now);
  }

  /** The growth from {@code before} to {@code now} of one unsigned counter. */
  static long delta(long before, long now) {
    if (Long.compareUnsigned(now, before) >= 0) {
      long d = now - before;
      return d < 0 ? Long.MAX_VALUE : d;
    }
    if (before < WRAP && before >= WRAP - NEAR && now < NEAR) {
      return WRAP - before + now;
    }
    return now < 0 ? Long.MAX_VALUE : now;
  }

  private static long saturatedAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  private Heartbeat.Transmitted fail(String reason) {
    unavailable = reason;
    last = null; // the next read that works starts afresh: the gap is not one interval
    lastAt = null;
    return null;
  }

  /** Why the last read failed, or null when it worked. */
  String unavailable() {
    return unavailable;
  }
}
