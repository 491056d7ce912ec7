package io.vigil.agent.collect;

import io.vigil.model.Require;
import io.vigil.model.event.EventHeader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What every collector is given.
 *
 * @param root the file system root to read through: {@code /} on the live system, a fixture tree
 *     in tests, a mounted firmware image for an offline assessment
 * @param clock the time source; collectors never read the wall clock themselves
 * @param zone the device's time zone, for the events' local timestamps
 */
public record CollectorContext(Path root, Clock clock, ZoneId zone) {
  public CollectorContext {
    Require.present(root, "root");
    Require.present(clock, "clock");
    Require.present(zone, "zone");
  }

  /** The live system: root {@code /}, the system clock and time zone. */
  public static CollectorContext live() {
    return new CollectorContext(Path.of("/"), Clock.systemUTC(), ZoneId.systemDefault());
  }

  /** {@code absolute} (such as {@code /proc/net/tcp}) under the root. */
  public Path path(String absolute) {
    return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
  }

  /** True if the root is the live system's {@code /}, where run-time data (processes, sockets) exists. */
  public boolean isLiveRoot() {
    return root.toAbsolutePath().normalize().equals(Path.of("/"));
  }

  public Instant now() {
    return clock.instant();
  }

  /** A header with a fresh id, stamped now. */
  public EventHeader header() {
    Instant now = clock.instant();
    return EventHeader.at(now, zone.getRules().getOffset(now));
  }
}
