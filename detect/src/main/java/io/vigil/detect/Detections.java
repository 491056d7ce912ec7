package io.vigil.detect;

import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.sigma.DueTimers;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
import java.time.Duration;
import java.util.List;

/** The built-in detections. */
public final class Detections {
  private Detections() {}

  /**
   * Every built-in detection that needs no settings: the built-in Sigma pack (see {@link BuiltInPack}),
   * with every rule on, and windows of silent devices decided one minute after they end.
   */
  public static List<Detection> builtIn() {
    Duration lateness = Duration.ofMinutes(1);
    DueTimers timers = new DueTimers();
    SigmaEngine engine = SigmaEngine.builder(BuiltInPack.load().rules()).timers(timers).allowedLateness(lateness).build();
    return List.of(new SigmaDetection(engine, timers, lateness));
  }
}
