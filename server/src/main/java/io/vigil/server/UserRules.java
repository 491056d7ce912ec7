package io.vigil.server;

import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.settings.LiveRuleSettings;
import io.vigil.detect.sigma.DueTimers;
import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.RuleProblem;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.detect.sigma.SigmaRule;
import io.vigil.detect.sigma.SigmaRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the Sigma rules: the built-in pack and the user's ({@code vigil server --rules DIR}),
 * together, so that user correlations may use built-in rules. A rule that does not compile is
 * logged with its file, line and construct, and the others load; a path that does not exist stops
 * the start, naming it. Matches honour the rule settings ({@code DATA/rules-settings.json}).
 */
final class UserRules {
  private static final Logger LOG = LoggerFactory.getLogger(UserRules.class);
  /** How often the settings file is checked for edits. */
  private static final long RELOAD_SECONDS = 2;

  private UserRules() {}

  /**
   * What was loaded: the detections over the rules, and the rules (for the API).
   *
   * @param detection each call gives a new detection (its own correlation state and timers) over the
   *     same compiled rules: one per pipeline shard
   */
  record Loaded(Supplier<SigmaDetection> detection, List<SigmaRule> rules) {}

  /**
   * The detection for the built-in pack plus the rules under {@code paths}.
   *
   * @param lateness how late a device's events may come and still count in correlation windows; a
   *     silent device's windows are decided this long after they end
   */
  static Loaded load(List<Path> paths, LiveRuleSettings settings, java.time.Duration lateness) {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("--rules " + p + " does not exist");
      }
    }
    SigmaRules.Loader loader = BuiltInPack.addTo(SigmaRules.loader());
    paths.forEach(loader::add);
    LoadResult result = loader.load();
    for (RuleProblem problem : result.problems()) {
      LOG.warn("rules: {}", problem);
    }
    List<SigmaRule> rules = result.rules().rules();
    long builtIn = rules.stream().filter(BuiltInPack::isBuiltIn).count();
    int packFiles = BuiltInPack.files().size();
    LOG.info("rules: {} built-in Sigma rules from {} files, {} user rules from {} files, {} problems", builtIn, packFiles,
        rules.size() - builtIn, result.sources().size() - packFiles, result.problems().size());
    return new Loaded(() -> {
      DueTimers timers = new DueTimers();
      SigmaEngine engine = SigmaEngine.builder(result.rules()).timers(timers).allowedLateness(lateness).filter(settings).build();
      return new SigmaDetection(engine, timers, lateness);
    }, rules);
  }

  /** Checks the settings file for edits every few seconds until closed; a bad edit is logged and the settings in force stay. */
  static AutoCloseable watch(LiveRuleSettings settings) {
    return watch("rule settings", settings::reloadIfChanged);
  }

  /**
   * Calls {@code reload} every few seconds until closed, logging the problem it reports.
   *
   * @param what names the settings in the thread name and the log, for example {@code custom alerts}
   */
  static AutoCloseable watch(String what, Supplier<java.util.Optional<String>> reload) {
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
        .name("vigil-" + what.replace(' ', '-')).daemon(true).unstarted(r));
    poller.scheduleWithFixedDelay(() -> reload.get().ifPresent(p -> LOG.warn("{}: {}", what, p)),
        RELOAD_SECONDS, RELOAD_SECONDS, TimeUnit.SECONDS);
    return poller::shutdownNow;
  }
}
