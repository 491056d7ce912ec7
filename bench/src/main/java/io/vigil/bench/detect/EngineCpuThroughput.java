package io.vigil.bench.detect;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link EngineThroughputBenchmark}'s workload timed by the thread's CPU time instead of the wall
 * clock: events per CPU-second, which is events per second per core whatever else the machine
 * runs (JMH's wall-clock figure drops when other processes share the cores). Each round evaluates
 * a fixed number of events; the report gives every round, the median and the spread.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.detect.EngineCpuThroughput [EXTRA_RULES] [ROUNDS]}
 * (defaults 200 and 10), after 10 warm-up rounds.
 */
public final class EngineCpuThroughput {
  private static final int EVENTS_PER_ROUND = 1_000_000;

  private EngineCpuThroughput() {}

  public static void main(String[] args) {
    EngineThroughputBenchmark bench = new EngineThroughputBenchmark();
    bench.extraRules = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    bench.setUp();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int r = 0; r < 10; r++) {
      for (int i = 0; i < EVENTS_PER_ROUND; i++) {
        sink += bench.evaluate();
      }
    }
    double[] perSecond = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long cpu = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < EVENTS_PER_ROUND; i++) {
        sink += bench.evaluate();
      }
      perSecond[r] = EVENTS_PER_ROUND / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
      System.out.printf("round %d: %,.0f events per CPU-second%n", r + 1, perSecond[r]);
    }
    double[] sorted = perSecond.clone();
    Arrays.sort(sorted);
    System.out.printf("pack + %d rules: median %,.0f events/s per core (min %,.0f, max %,.0f, %d rounds of %,d events) [%d]%n",
        bench.extraRules, sorted[rounds / 2], sorted[0], sorted[rounds - 1], rounds, EVENTS_PER_ROUND, sink & 1);
  }
}
