package io.vigil.bench.detect;

import io.vigil.bench.FleetMix;
import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.sigma.DueTimers;
import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.detect.sigma.SigmaRules;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second on one core through the Sigma engine with the whole built-in pack loaded plus
 * N generated process_creation rules (10, 200, 1,000), on the {@link FleetMix} from 100
 * devices. One benchmark
 * operation is one event (ops/s = events/s), including the alerts it raises and the correlation
 * state it updates.
 *
 * <p>The 65,536 events span 655 s of event time. Every 4,096 events the runtime's clock advances
 * to the latest event time and due correlation timers fire, as the server's pipeline does now and
 * then. After the last event the engine starts over with empty correlation state: replaying the
 * same event times into the old state would pile duplicate matches into its windows, which no
 * real stream does.
 *
 * <p>The generated rules are of four shapes, a quarter each: an {@code Image|endswith}, a
 * {@code CommandLine|contains|all} of two flags, a {@code CommandLine|re}, and a
 * {@code ParentImage|endswith} with a shell {@code Image}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EngineThroughputBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Thread)
public class EngineThroughputBenchmark {
  private static final int EVENTS = 1 << 16;
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  @Param({"10", "200", "1000"})
  public int extraRules;

  private SigmaDetection detection;
  private LoadResult loaded;
  private final DeviceEvent[] events = new DeviceEvent[EVENTS];
  private int next;
  private long alerts;
  private final Consumer<Alert> sink = a -> alerts++;

  @Setup
  public void setUp() {
    SigmaRules.Loader loader = BuiltInPack.addTo(SigmaRules.loader());
    for (int i = 0; i < extraRules; i++) {
      loader.add("generated-" + i + ".yml", rule(i));
    }
    loaded = loader.load();
    if (!loaded.problems().isEmpty()) {
      throw new IllegalStateException("generated rules do not load: " + loaded.problems());
    }
    detection = newDetection();
    Random random = new Random(42);
    for (int i = 0; i < EVENTS; i++) {
      Instant t = START.plusMillis(i * 10L);
      events[i] = new DeviceEvent("gw-" + random.nextInt(100), "default", "agent", "0.1.0", t, FleetMix.event(random, EventHeader.at(t, ZoneOffset.UTC)));
    }
  }

  /** The engine as the server builds it, with empty correlation state. */
  private SigmaDetection newDetection() {
    DueTimers timers = new DueTimers();
    Duration lateness = Duration.ofMinutes(1);
    return new SigmaDetection(SigmaEngine.builder(loaded.rules()).timers(timers).allowedLateness(lateness).build(), timers, lateness);
  }

  private static String rule(int i) {
    String detection = switch (i % 4) {
      case 0 -> "  selection:\n    Image|endswith: '/gen-tool-" + i + "'\n  condition: selection";
      case 1 -> "  selection:\n    CommandLine|contains|all:\n      - '--gen-flag-" + i + "'\n      - '--mode'\n  condition: selection";
      case 2 -> "  selection:\n    CommandLine|re: 'gen[0-9]+-" + i + "\\b'\n  condition: selection";
      default -> "  selection:\n    ParentImage|endswith: '/gen-parent-" + i + "'\n    Image|endswith:\n      - '/sh'\n      - '/bash'\n"
          + "  condition: selection";
    };
    return "title: Generated rule " + i + "\nid: 00000000-0000-4000-8000-" + String.format("%012d", i) + "\nstatus: test\nlevel: medium\n"
        + "logsource:\n  product: linux\n  category: process_creation\ndetection:\n" + detection + "\n";
  }

  @Benchmark
  public long evaluate() {
    int i = next++ & (EVENTS - 1);
    DeviceEvent event = events[i];
    if (i == 0) {
      detection = newDetection();
    } else if ((i & 4095) == 0) {
      detection.advance(event.event().header().timestampUtc(), sink);
    }
    detection.evaluate(event, sink);
    return alerts;
  }
}
