package io.vigil.detect;

import java.util.List;

/** The built-in detections. */
public final class Detections {
  private Detections() {}

  /** Every built-in detection, in evaluation order. */
  public static List<Detection> builtIn() {
    return List.of(new CryptoMinerDetection());
  }
}
