package io.vigil.detect.lifecycle;

import io.vigil.model.Alert;

/**
 * What {@link AlertLifecycle#offer} made of an occurrence.
 *
 * @param outcome whether it opened an alert or joined one
 * @param alert the alert to store: the new one, or the one it joined with its Count, FirstSeen,
 *     LastSeen and evidence brought up to date
 */
public record Decision(Outcome outcome, Alert alert) {
  /** What happened to an occurrence. */
  public enum Outcome {
    /** A new alert, with status New: insert it and tell people. */
    OPENED,
    /** Joined an open (New or Active) alert in its window: update the stored row. */
    UPDATED,
    /** Joined a Dismissed alert in its window: update the stored row, tell nobody. */
    ABSORBED
  }
}
