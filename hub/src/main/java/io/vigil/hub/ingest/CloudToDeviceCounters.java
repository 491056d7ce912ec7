package io.vigil.hub.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts cloud-to-device messages per device and protocol, in memory. Thread-safe and lock-free. */
public final class CloudToDeviceCounters implements CloudToDeviceCounts {

  private static final class Counter {
    final LongAdder sent = new LongAdder();
    final LongAdder rejected = new LongAdder();
  }

  private final ConcurrentMap<String, ConcurrentMap<String, Counter>> byDevice = new ConcurrentHashMap<>();

  /** Counts one message handed to device {@code deviceId} over {@code protocol}. */
  public void sent(String deviceId, String protocol) {
    counter(deviceId, protocol).sent.increment();
  }

  /** Counts one message that device {@code deviceId} rejected, or that could not be delivered to it, over {@code protocol}. */
  public void rejected(String deviceId, String protocol) {
    counter(deviceId, protocol).rejected.increment();
  }

  private Counter counter(String deviceId, String protocol) {
    return byDevice.computeIfAbsent(deviceId, id -> new ConcurrentHashMap<>()).computeIfAbsent(protocol, p -> new Counter());
  }

  @Override
  public Map<String, Count> of(String deviceId) {
    Map<String, Counter> counters = byDevice.get(deviceId);
    Map<String, Count> out = new TreeMap<>();
    if (counters != null) {
      counters.forEach((protocol, c) -> out.put(protocol, new Count(c.sent.sum(), c.rejected.sum())));
    }
    return out;
  }
}
