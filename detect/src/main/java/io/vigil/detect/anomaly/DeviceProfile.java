package io.vigil.detect.anomaly;

/**
 * What the anomaly models know of one device: its learned sets, the items reported since, and its
 * rates. Its contents belong to {@link AnomalyDetection}; a {@link ProfileStore} only keeps it, and
 * {@link ProfileCodec} writes and reads it. Not thread-safe: one thread at a time (the device's shard).
 */
public final class DeviceProfile {
  /** When the hub received the device's first event (epoch milliseconds). */
  long firstSeen;
  /** When learning ended, by the hub's receive time; Long.MIN_VALUE while learning. */
  long learnedAt = Long.MIN_VALUE;
  /** The security group the device was in when learning ended; empty while learning. */
  String group = "";
  /** Per {@link Kind}: the members learned, and those reported (or let through by peers) after learning. */
  final ItemSet[] learned = new ItemSet[Kind.values().length];
  final ItemSet[] added = new ItemSet[Kind.values().length];
  /** Per {@link Kind}: new members not kept because the set was full. */
  final long[] overflow = new long[Kind.values().length];
  final RateWindow connections;
  final RateWindow messages;
  /** Bytes out in KiB per minute, one window per heartbeat interval the agent reported. */
  final RateWindow bytesOut;
  /** When the hub received the device's latest message (epoch ms), to count messages rather than events. */
  long lastReceived = Long.MIN_VALUE;

  DeviceProfile(long firstSeen, int historyWindows) {
    this.firstSeen = firstSeen;
    for (int i = 0; i < learned.length; i++) {
      learned[i] = new ItemSet();
      added[i] = new ItemSet();
    }
    connections = new RateWindow(historyWindows);
    messages = new RateWindow(historyWindows);
    bytesOut = new RateWindow(historyWindows);
  }

  /** True once the learning period is over. */
  public boolean learned() {
    return learnedAt != Long.MIN_VALUE;
  }

  /** The security group the device learned in; empty while learning. */
  public String group() {
    return group;
  }

  boolean knows(Kind kind, long item) {
    return item != 0 && (learned[kind.ordinal()].contains(item) || added[kind.ordinal()].contains(item));
  }

  /** How many members the sets hold in all, learned and added. */
  public int items() {
    int n = 0;
    for (int i = 0; i < learned.length; i++) {
      n += learned[i].size() + added[i].size();
    }
    return n;
  }

  /** New members of all sets that were not kept because a set was full. */
  public long overflow() {
    long n = 0;
    for (long o : overflow) {
      n += o;
    }
    return n;
  }
}
