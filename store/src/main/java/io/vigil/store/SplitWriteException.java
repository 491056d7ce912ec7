package io.vigil.store;

import java.util.List;
import java.util.Set;

/**
 * A write that {@link ResidentWorkspaces} split over several workspaces failed in at least one of
 * them. Each workspace's part is its own transaction, so a part is either wholly stored or not at
 * all: the parts of the workspaces that committed are stored (and stay stored), those of the failed
 * ones are not. The exception says which rows are which, so that the caller acknowledges exactly
 * what was stored and has the rest retried.
 */
public final class SplitWriteException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** @serial not serialised in practice; the sets are immutable copies */
  private final transient Set<EventKey> freshEvents;
  private final transient Set<EventKey> failedEvents;
  private final transient Set<String> failedAlerts;

  private SplitWriteException(String message, RuntimeException cause, Set<EventKey> freshEvents, Set<EventKey> failedEvents,
      Set<String> failedAlerts) {
    super(message, cause);
    this.freshEvents = Set.copyOf(freshEvents);
    this.failedEvents = Set.copyOf(failedEvents);
    this.failedAlerts = Set.copyOf(failedAlerts);
  }

  /**
   * The message of a split write that failed: how many of the rows, in which workspaces, and the
   * first failure's reason (the others are attached as suppressed exceptions).
   */
  static String message(String what, List<String> failedWorkspaces, int failedRows, int rows, RuntimeException first) {
    return "writing " + failedRows + " of " + rows + " " + what + " failed in workspace" + (failedWorkspaces.size() == 1 ? " " : "s ")
        + String.join(", ", failedWorkspaces.stream().map(w -> "'" + w + "'").toList())
        + (failedRows < rows ? " (the other workspaces stored theirs)" : "") + ": " + first.getMessage();
  }

  static SplitWriteException events(String message, RuntimeException first, Set<EventKey> fresh, Set<EventKey> failed) {
    return new SplitWriteException(message, first, fresh, failed, Set.of());
  }

  static SplitWriteException alerts(String message, RuntimeException first, Set<String> failed) {
    return new SplitWriteException(message, first, Set.of(), Set.of(), failed);
  }

  static SplitWriteException rows(String message, RuntimeException first) {
    return new SplitWriteException(message, first, Set.of(), Set.of(), Set.of());
  }

  /** Of a raw event write: the events newly stored by the workspaces that committed (duplicates left out, as ever). */
  public Set<EventKey> freshEvents() {
    return freshEvents;
  }

  /** Of a raw event write: the events not stored, as they belong to a workspace that failed; a retry stores them once. */
  public Set<EventKey> failedEvents() {
    return failedEvents;
  }

  /** Of an alert write: the SystemAlertIds, opened or updated, that were not written, as they belong to a workspace that failed. */
  public Set<String> failedAlerts() {
    return failedAlerts;
  }
}
