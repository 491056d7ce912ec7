package io.vigil.detect.anomaly;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A summary per security group of what its learned devices have: how many devices finished
 * learning, and per learned item how many of them have it. It is the one piece of anomaly state
 * shared across devices, so across pipeline shards: it is thread-safe, and bounded in entries.
 * Only items learned during a device's learning period count, so that a new item spreading over
 * the group after learning does not vouch for itself.
 */
public final class PeerGroups {
  /** The default bound on (group, item) entries: about 100 bytes each. */
  public static final int DEFAULT_MAX_ENTRIES = 500_000;

  private final int maxEntries;
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final AtomicInteger entries = new AtomicInteger();
  private final AtomicLong overflow = new AtomicLong();

  private static final class Group {
    final AtomicInteger devices = new AtomicInteger();
    final Map<Long, AtomicInteger> items = new ConcurrentHashMap<>();
  }

  /** @param maxEntries the most (group, item) entries kept; beyond it new items are not counted */
  public PeerGroups(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** Counts a device that finished learning in {@code profile.group()}, with its learned items. */
  public void join(DeviceProfile profile) {
    if (!profile.learned()) {
      throw new IllegalArgumentException("a profile joins its group only once it has learned");
    }
    Group g = groups.computeIfAbsent(profile.group(), k -> new Group());
    g.devices.incrementAndGet();
    for (ItemSet set : profile.learned) {
      for (int i = 0; i < set.size(); i++) {
        count(g, set.get(i));
      }
    }
  }

  private void count(Group g, long item) {
    AtomicInteger c = g.items.get(item);
    if (c == null) {
      if (entries.get() >= maxEntries) {
        overflow.incrementAndGet();
        return;
      }
      AtomicInteger fresh = new AtomicInteger();
      c = g.items.putIfAbsent(item, fresh);
      if (c == null) {
        entries.incrementAndGet();
        c = fresh;
      }
    }
    c.incrementAndGet();
  }

  /**
   * True when at least {@code percent} % of the group's learned devices, and at least one, have
   * {@code item}, in a group of at least {@code minPeers} learned devices.
   */
  boolean common(String group, long item, int percent, int minPeers) {
    Group g = groups.get(group);
    if (g == null || item == 0) {
      return false;
    }
    int devices = g.devices.get();
    AtomicInteger c = g.items.get(item);
    return devices >= minPeers && c != null && c.get() > 0 && c.get() * 100L >= (long) percent * devices;
  }

  /** How many learned devices {@code group} has. */
  public int devices(String group) {
    Group g = groups.get(group);
    return g == null ? 0 : g.devices.get();
  }

  /** How many (group, item) entries are kept. */
  public int entries() {
    return entries.get();
  }

  /** How many items were not counted because the summary was full. */
  public long overflow() {
    return overflow.get();
  }
}
