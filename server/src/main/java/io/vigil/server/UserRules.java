package io.vigil.server;

import io.vigil.detect.Detection;
import io.vigil.detect.sigma.DueTimers;
import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.RuleProblem;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.detect.sigma.SigmaRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the user's Sigma rules ({@code vigil server --rules DIR}). A rule that does not compile is
 * logged with its file, line and construct, and the others load; a path that does not exist stops
 * the start, naming it.
 */
final class UserRules {
  private static final Logger LOG = LoggerFactory.getLogger(UserRules.class);
  /** How late a device's events may come; a silent device's windows are decided this long after they end. */
  static final java.time.Duration LATENESS = java.time.Duration.ofMinutes(1);

  private UserRules() {}

  /**
   * Makes the detections for the rules under {@code paths}, loading and compiling them once; each call
   * of the supplier gives a new detection (its own correlation state and timers) over the same rules.
   * Empty when there are no paths.
   */
  static Optional<Supplier<Detection>> load(List<Path> paths) {
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("--rules " + p + " does not exist");
      }
    }
    LoadResult result = SigmaRules.load(paths.toArray(Path[]::new));
    for (RuleProblem problem : result.problems()) {
      LOG.warn("rules: {}", problem);
    }
    LOG.info("rules: {} Sigma rules loaded from {} files, {} problems", result.rules().size(), result.sources().size(),
        result.problems().size());
    return Optional.of(() -> {
      DueTimers timers = new DueTimers();
      SigmaEngine engine = SigmaEngine.builder(result.rules()).timers(timers).allowedLateness(LATENESS).build();
      return new SigmaDetection(engine, timers, LATENESS);
    });
  }
}
