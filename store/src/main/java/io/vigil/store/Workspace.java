package io.vigil.store;

import io.vigil.model.Alert;
import io.vigil.model.Recommendation;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The queryable store of raw events, alerts (with their status history) and recommendations.
 *
 * <p>Writes are durable when the method returns. Implementations are safe for use from several
 * threads; Vigil's pipeline writes from one.
 */
public interface Workspace extends AutoCloseable {
  /**
   * Appends raw event rows in one transaction, skipping every event (all its rows) whose
   * (DeviceId, EventId) was stored recently, or comes twice in {@code events}: agents deliver at
   * least once, and this makes their retries harmless. The rows of one event come together, in
   * payload order. How far back "recently" reaches is the implementation's documented window
   * (the embedded one: at least the last 10 minutes or the last million events, whichever is less).
   *
   * @return the events newly stored; the others were duplicates
   */
  Set<EventKey> appendRawEvents(List<RawEvent> events);

  /** Appends hub operations (connects, auth failures, refused messages ...) in one transaction. */
  void appendHubOperations(List<HubOperationRow> operations);

  /**
   * Deletes the {@code SecurityIoTRawEvent} rows of one security group that were received
   * ({@code TimeGenerated}) before {@code cutoff}: raw event retention.
   *
   * @return how many rows were deleted
   */
  long deleteRawEvents(String securityGroup, java.time.Instant cutoff);

  /** The security groups that have raw events stored. */
  java.util.Set<String> rawEventGroups();

  /** Appends alerts in one transaction. */
  void appendAlerts(List<Alert> alerts);

  /**
   * In one transaction, appends the {@code opened} alerts and brings the occurrences of the
   * {@code updated} ones up to date (Count, FirstSeen, LastSeen, ExtendedProperties, by
   * SystemAlertId). Status is left alone: a user may be changing it meanwhile.
   *
   * @return the SystemAlertIds of {@code updated} that this workspace holds no alert for (nothing
   *     was written for them); {@link ResidentWorkspaces} looks for them in the other workspaces
   */
  Set<String> writeAlerts(List<Alert> opened, List<Alert> updated);

  /** The alerts that {@code query} selects, latest LastSeen first. */
  List<Alert> alerts(AlertQuery query);

  /** The alert with this id, if stored. */
  Optional<Alert> alert(String systemAlertId);

  /**
   * Moves an alert from {@code change.oldStatus()} to {@code change.newStatus()} and records the
   * change in {@code AlertStatusChange}, in one transaction.
   *
   * @return false, changing nothing, when the alert's status is not (or no longer) the old one or
   *     there is no such alert
   */
  boolean changeAlertStatus(AlertStatusChange change);

  /** The status changes of an alert, oldest first. */
  List<AlertStatusChange> alertStatusChanges(String systemAlertId);

  /**
   * Inserts or updates recommendations by RecommendationId, in one transaction. A row keeps its
   * DiscoveredTimeUTC, unless it was Resolved and is Active again.
   */
  void upsertRecommendations(List<Recommendation> recommendations);

  /**
   * Updates, as {@link #upsertRecommendations} would, those of {@code recommendations} whose
   * RecommendationId this workspace holds, in one transaction, and writes nothing for the others.
   *
   * @return the RecommendationIds this workspace does not hold; {@link ResidentWorkspaces} stores
   *     them in their device's workspace
   */
  Set<String> updateRecommendations(List<Recommendation> recommendations);

  /** The device's Active recommendations. */
  List<Recommendation> activeRecommendations(String deviceId);

  /** Every device's Active recommendations. */
  List<Recommendation> activeRecommendations();

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

  /** The names of the workspaces {@link #named} knows, {@code default} first; a single workspace knows only itself. */
  default List<String> names() {
    return List.of(ResidentWorkspaces.DEFAULT);
  }

  @Override
  void close();
}
