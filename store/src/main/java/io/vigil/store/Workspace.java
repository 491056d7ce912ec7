package io.vigil.store;

import io.vigil.model.Alert;
import java.util.List;
import java.util.Set;

/**
 * The queryable store of raw events and alerts.
 *
 * <p>Writes are durable when the method returns. Implementations are safe for use from several
 * threads; Vigil's pipeline writes from one.
 */
public interface Workspace extends AutoCloseable {
  /**
   * Appends raw event rows in one transaction, skipping every event (all its rows) whose
   * (DeviceId, EventId) is already stored: agents deliver at least once, and this makes their
   * retries harmless.
   *
   * @return the events newly stored; the others were duplicates
   */
  Set<EventKey> appendRawEvents(List<RawEvent> events);

  /** Appends hub operations (connects, auth failures, refused messages ...) in one transaction. */
  void appendHubOperations(List<HubOperationRow> operations);

  /**
   * Deletes the {@code SecurityIoTRawEvent} rows of one security group that were received
   * ({@code TimeGenerated}) before {@code cutoff}: raw event retention. The ids in
   * {@code IngestedEvent} stay, so a late retry of a deleted event is still recognised.
   *
   * @return how many rows were deleted
   */
  long deleteRawEvents(String securityGroup, java.time.Instant cutoff);

  /** The security groups that have raw events stored. */
  java.util.Set<String> rawEventGroups();

  /** Appends alerts in one transaction. */
  void appendAlerts(List<Alert> alerts);

  /**
   * Runs one read-only SQL statement (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE).
   *
   * @param maxRows rows beyond this are dropped and the result is marked truncated
   * @throws QueryException if the statement is not read-only or fails, with the reason
   */
  QueryResult query(String sql, int maxRows) throws QueryException;

  /**
   * The workspace named {@code name} (data residency, see {@link ResidentWorkspaces}); a single
   * workspace knows only itself, as {@code default}.
   */
  default java.util.Optional<Workspace> named(String name) {
    return ResidentWorkspaces.DEFAULT.equals(name) ? java.util.Optional.of(this) : java.util.Optional.empty();
  }

  @Override
  void close();
}
