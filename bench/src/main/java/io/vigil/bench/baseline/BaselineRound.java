package io.vigil.bench.baseline;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.baseline.BaselineCollector;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.SecurityEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Times full rounds of the baseline collector against a root (default {@code /}): every check of
 * the built-in policy, the file-system scans included. Prints each round's wall time and the
 * outcome counts.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.baseline.BaselineRound [ROOT] [ROUNDS]}
 */
public final class BaselineRound {
  private BaselineRound() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "/");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    BaselineCollector collector = new BaselineCollector(new CollectorContext(root, Clock.systemUTC(), ZoneId.systemDefault()));
    for (int r = 1; r <= rounds; r++) {
      long start = System.nanoTime();
      List<SecurityEvent> events = collector.collect();
      long ms = (System.nanoTime() - start) / 1_000_000;
      Map<String, Integer> outcomes = new TreeMap<>();
      int checks = 0;
      for (SecurityEvent e : events) {
        if (e instanceof OSBaseline b) {
          for (OSBaseline.Check c : b.payload()) {
            checks++;
            outcomes.merge(c.extraDetails().getOrDefault("Outcome", c.result().wireName()), 1, Integer::sum);
          }
        }
      }
      System.out.printf("round %d: %d ms, %d checks %s%n", r, ms, checks, outcomes);
    }
  }
}
