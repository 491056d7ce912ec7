package io.vigil.hub.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts other telemetry per device and protocol, in memory. Thread-safe and lock-free on the hot path. */
public final class TelemetryCounters implements TelemetryCounts {

  private static final class Counter {
    final LongAdder messages = new LongAdder();
    final LongAdder bytes = new LongAdder();
  }

  private final ConcurrentMap<String, ConcurrentMap<String, Counter>> byDevice = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> byProtocol = new ConcurrentHashMap<>();

  /** Counts one message of {@code bytes} from device {@code deviceId} over {@code protocol}. */
  public void count(String deviceId, String protocol, long bytes) {
    Counter c = byDevice.computeIfAbsent(deviceId, id -> new ConcurrentHashMap<>()).computeIfAbsent(protocol, p -> new Counter());
    c.messages.increment();
    c.bytes.add(bytes);
    byProtocol.computeIfAbsent(protocol, p -> new LongAdder()).increment();
  }

  @Override
  public Map<String, Count> of(String deviceId) {
    Map<String, Counter> counters = byDevice.get(deviceId);
    Map<String, Count> out = new TreeMap<>();
    if (counters != null) {
      counters.forEach((protocol, c) -> out.put(protocol, new Count(c.messages.sum(), c.bytes.sum())));
    }
    return out;
  }

  /** Messages counted over {@code protocol}, all devices together. */
  public long total(String protocol) {
    LongAdder n = byProtocol.get(protocol);
    return n == null ? 0 : n.sum();
  }
}
