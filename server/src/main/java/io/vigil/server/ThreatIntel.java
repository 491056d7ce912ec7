package io.vigil.server;

import io.vigil.detect.intel.FeedProblem;
import io.vigil.detect.intel.FeedResult;
import io.vigil.detect.intel.Feeds;
import io.vigil.detect.intel.IndicatorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the threat-intelligence indicators the server matches against: the bundled default feed
 * and the configured feed files. A feed's bad entries are logged with their line or object id and
 * the rest load; a feed file that cannot be read stops the start, naming it.
 */
final class ThreatIntel {
  private static final Logger LOG = LoggerFactory.getLogger(ThreatIntel.class);
  /** The most problems logged per feed; the count says how many there were. */
  private static final int MAX_LOGGED_PROBLEMS = 20;

  private ThreatIntel() {}

  static IndicatorStore load(List<Path> feeds) {
    List<FeedResult> results = new ArrayList<>();
    results.add(Feeds.defaultFeed());
    for (Path feed : feeds) {
      try {
        results.add(Feeds.read(feed));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("threat intel feed " + feed + " cannot be read: " + e.getMessage(), e);
      }
    }
    for (FeedResult r : results) {
      LOG.info("threat intel feed {}: {} indicators, {} problems", r.feed(), r.indicators().size(), r.problems().size());
      List<FeedProblem> problems = r.problems();
      for (int i = 0; i < Math.min(problems.size(), MAX_LOGGED_PROBLEMS); i++) {
        LOG.warn("threat intel: {}", problems.get(i));
      }
    }
    return IndicatorStore.ofFeeds(results);
  }
}
