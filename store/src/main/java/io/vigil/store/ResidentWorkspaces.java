package io.vigil.store;

import io.vigil.model.Alert;
import io.vigil.model.Recommendation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Data residency: writes each security group's rows to the workspace its settings name, one DuckDB
 * file per workspace. {@code default} is {@code DATA/workspace.duckdb}; any other name N is
 * {@code DATA/workspaces/N/workspace.duckdb}, created on its first write. Raw events go by their
 * {@code SecurityGroup}, hub operations, new alerts and recommendations by their device's group at
 * the time they are written; reads of alerts and recommendations look in every workspace. A group
 * moved to another workspace keeps what it wrote before where it is, and an alert keeps being
 * updated (occurrences, status) in the workspace that holds it.
 *
 * <p>A write that spans several workspaces is one transaction per workspace: when one fails, the
 * others still store their rows, and a {@link SplitWriteException} says which rows were stored and
 * which not. Duplicate raw events are recognised per workspace (a retry goes where its group
 * resides now).
 *
 * <p>{@link #query} reads the default workspace; {@link #named} gives another. Thread-safe: each
 * workspace serialises its own writes.
 */
public final class ResidentWorkspaces implements Workspace {
  public static final String DEFAULT = "default";

  private final Path dataDir;
  private final Workspace defaultWorkspace;
  private final Function<String, String> workspaceOfGroup;
  private final Function<String, String> groupOfDevice;
  private final Map<String, Workspace> open = new ConcurrentHashMap<>();

  /**
   * Opens the workspaces that already exist under {@code DATA/workspaces}.
   *
   * @param defaultWorkspace {@code DATA/workspace.duckdb}, already open; the caller closes it
   * @param workspaceOfGroup the workspace name a security group's data goes to (null: the global one's)
   * @param groupOfDevice a device's security group; null for a device the registry does not know
   */
  public ResidentWorkspaces(Path dataDir, Workspace defaultWorkspace, Function<String, String> workspaceOfGroup,
      Function<String, String> groupOfDevice) {
    this.dataDir = dataDir;
    this.defaultWorkspace = defaultWorkspace;
    this.workspaceOfGroup = workspaceOfGroup;
    this.groupOfDevice = groupOfDevice;
    Path root = dataDir.resolve("workspaces");
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        dirs.filter(d -> Files.exists(d.resolve("workspace.duckdb"))).forEach(d -> workspace(d.getFileName().toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the workspaces in " + root + ": " + e.getMessage(), e);
      }
    }
  }

  /** The file of workspace {@code name}. */
  public static Path file(Path dataDir, String name) {
    return DEFAULT.equals(name) ? dataDir.resolve("workspace.duckdb") : dataDir.resolve("workspaces").resolve(name).resolve("workspace.duckdb");
  }

  private Workspace workspace(String name) {
    if (DEFAULT.equals(name)) {
      return defaultWorkspace;
    }
    return open.computeIfAbsent(name, n -> DuckDbWorkspace.open(file(dataDir, n)));
  }

  private String nameOfDevice(String deviceId) {
    return workspaceOfGroup.apply(groupOfDevice.apply(deviceId));
  }

  /**
   * Stores each workspace's rows in one transaction of that workspace. When one fails, the others
   * still store theirs, and a {@link SplitWriteException} says which events were stored and which
   * not; when all rows belong to one workspace, its failure is thrown as it is.
   */
  @Override
  public Set<EventKey> appendRawEvents(List<RawEvent> events) {
    SplitWrite<RawEvent> write = new SplitWrite<>("raw event rows", events, RawEvent::securityGroup, workspaceOfGroup);
    List<Set<EventKey>> stored = new ArrayList<>();
    write.run((name, rows) -> stored.add(workspace(name).appendRawEvents(rows)));
    // One workspace, as without residency: its set as it is, not a copy.
    Set<EventKey> fresh = stored.size() == 1 ? stored.get(0) : new HashSet<>();
    if (stored.size() > 1) {
      stored.forEach(fresh::addAll);
    }
    write.throwIfFailed((message, first) -> SplitWriteException.events(message, first, fresh,
        write.failed().stream().map(e -> new EventKey(e.deviceId(), e.eventId())).collect(Collectors.toSet())));
    return fresh;
  }

  /** Stores each workspace's operations; one that fails does not keep the others from storing theirs. */
  @Override
  public void appendHubOperations(List<HubOperationRow> operations) {
    SplitWrite<HubOperationRow> write = new SplitWrite<>("hub operations", operations, op -> nameOfDevice(op.deviceId()));
    write.run((name, rows) -> workspace(name).appendHubOperations(rows));
    write.throwIfFailed(SplitWriteException::rows);
  }

  @Override
  public void appendAlerts(List<Alert> alerts) {
    writeAlerts(alerts, List.of());
  }

  /** An alert to write, new or an update of a stored one. */
  private record AlertWrite(Alert alert, boolean opened) {}

  /**
   * Opens the new alerts in their device's workspace, and updates each stored one where it is
   * stored: its device's workspace, else (the device's group moved since it opened) the workspace
   * that holds it. One that fails does not keep the others from storing theirs; a
   * {@link SplitWriteException} names the alerts not written.
   *
   * @return the ids of updated alerts that no workspace holds
   */
  @Override
  public Set<String> writeAlerts(List<Alert> opened, List<Alert> updated) {
    List<AlertWrite> writes = new ArrayList<>(opened.size() + updated.size());
    opened.forEach(a -> writes.add(new AlertWrite(a, true)));
    updated.forEach(a -> writes.add(new AlertWrite(a, false)));
    SplitWrite<AlertWrite> write = new SplitWrite<>("alerts", writes, w -> nameOfDevice(w.alert().deviceId()));
    Map<String, List<Alert>> notHeld = new LinkedHashMap<>();
    write.run((name, part) -> {
      List<Alert> updates = part.stream().filter(w -> !w.opened()).map(AlertWrite::alert).toList();
      Set<String> missing = workspace(name).writeAlerts(part.stream().filter(AlertWrite::opened).map(AlertWrite::alert).toList(), updates);
      if (!missing.isEmpty()) {
        notHeld.put(name, updates.stream().filter(a -> missing.contains(a.systemAlertId())).toList());
      }
    });
    Set<String> nowhere = new HashSet<>();
    notHeld.forEach((home, updates) -> nowhere.addAll(updateWhereHeld(home, updates, write)));
    write.throwIfFailed((message, first) -> SplitWriteException.alerts(message, first,
        write.failed().stream().map(w -> w.alert().systemAlertId()).collect(Collectors.toSet())));
    return nowhere;
  }

  /**
   * Writes {@code updates}, which their device's workspace {@code home} does not hold, to the other
   * workspaces in turn, each keeping those it holds.
   *
   * @return the ids of those no workspace holds
   */
  private Set<String> updateWhereHeld(String home, List<Alert> updates, SplitWrite<AlertWrite> write) {
    List<Alert> left = updates;
    for (String name : names()) {
      if (left.isEmpty()) {
        break;
      }
      if (name.equals(home)) {
        continue;
      }
      try {
        Set<String> missing = workspace(name).writeAlerts(List.of(), left);
        left = left.stream().filter(a -> missing.contains(a.systemAlertId())).toList();
      } catch (RuntimeException e) {
        // Whether it holds them is unknown: they count as not written (an update heals with the next one).
        write.fail(name, left.stream().map(a -> new AlertWrite(a, false)).toList(), e);
        return Set.of();
      }
    }
    Set<String> nowhere = new HashSet<>();
    left.forEach(a -> nowhere.add(a.systemAlertId()));
    return nowhere;
  }

  /** The alerts of every workspace that {@code query} selects, latest LastSeen first. */
  @Override
  public List<Alert> alerts(AlertQuery query) {
    List<Alert> out = new ArrayList<>();
    all().forEach(w -> out.addAll(w.alerts(query)));
    out.sort(java.util.Comparator.comparing(Alert::lastSeen).reversed());
    return out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit())) : out;
  }

  @Override
  public Optional<Alert> alert(String systemAlertId) {
    return all().stream().map(w -> w.alert(systemAlertId)).flatMap(Optional::stream).findFirst();
  }

  /** Changes the alert where it is stored: its device's workspace, else (the group moved) any other. */
  @Override
  public boolean changeAlertStatus(AlertStatusChange change) {
    String home = nameOfDevice(change.deviceId());
    if (workspace(home).changeAlertStatus(change)) {
      return true;
    }
    return names().stream().filter(n -> !n.equals(home)).anyMatch(n -> workspace(n).changeAlertStatus(change));
  }

  @Override
  public List<AlertStatusChange> alertStatusChanges(String systemAlertId) {
    List<AlertStatusChange> out = new ArrayList<>();
    all().forEach(w -> out.addAll(w.alertStatusChanges(systemAlertId)));
    out.sort(java.util.Comparator.comparing(AlertStatusChange::timeGenerated));
    return out;
  }

  /**
   * Updates each recommendation where it is stored (a device whose group moved keeps its earlier
   * ones where they are, so that they can be resolved there), and stores the others in their
   * device's workspace. One workspace that fails does not keep the others from storing theirs; a
   * {@link SplitWriteException} names the workspace that failed. A recommendation that its device's
   * workspace does not hold and another could, but failed to answer for, is not written (the next
   * upsert heals it): storing it at home could hold it twice.
   */
  @Override
  public void upsertRecommendations(List<Recommendation> recommendations) {
    SplitWrite<Recommendation> write = new SplitWrite<>("recommendations", recommendations, r -> nameOfDevice(r.deviceId()));
    boolean several = names().size() > 1;
    write.run((home, rows) -> {
      // Home first: what it holds is stored whatever another workspace does.
      List<Recommendation> left = several ? notHeld(home, rows) : rows;
      left = recommendationsWhereHeld(home, left, write);
      if (left.isEmpty()) {
        return;
      }
      try {
        workspace(home).upsertRecommendations(left);
      } catch (RuntimeException e) {
        write.fail(home, left, e);
      }
    });
    write.throwIfFailed(SplitWriteException::rows);
  }

  /** Updates, in every workspace, those of {@code recommendations} it holds; one that fails does not keep the others from theirs. */
  @Override
  public Set<String> updateRecommendations(List<Recommendation> recommendations) {
    SplitWrite<Recommendation> write = new SplitWrite<>("recommendations", recommendations, r -> nameOfDevice(r.deviceId()));
    List<Recommendation> left = recommendationsWhereHeld(null, recommendations, write);
    write.throwIfFailed(SplitWriteException::rows);
    Set<String> nowhere = new HashSet<>();
    left.forEach(r -> nowhere.add(r.recommendationId()));
    return nowhere;
  }

  /** Updates those of {@code rows} that workspace {@code name} holds; returns the others. */
  private List<Recommendation> notHeld(String name, List<Recommendation> rows) {
    Set<String> missing = workspace(name).updateRecommendations(rows);
    return rows.stream().filter(r -> missing.contains(r.recommendationId())).toList();
  }

  /**
   * Updates {@code rows} in each workspace but {@code skip} (null: none) that holds them, and returns
   * those that none holds. A workspace that fails is noted in {@code write}, and the others are
   * still searched; the rows none of them holds may be held by the one that failed, so they count as
   * not written (charged to it) and none is returned.
   */
  private List<Recommendation> recommendationsWhereHeld(String skip, List<Recommendation> rows, SplitWrite<Recommendation> write) {
    List<Recommendation> left = rows;
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    for (String name : names()) {
      if (left.isEmpty()) {
        break;
      }
      if (name.equals(skip)) {
        continue;
      }
      try {
        left = notHeld(name, left);
      } catch (RuntimeException e) {
        failures.put(name, e);
      }
    }
    if (failures.isEmpty() || left.isEmpty()) {
      return left; // every row found its workspace: one that failed held none of them
    }
    List<Recommendation> unknown = left;
    for (Map.Entry<String, RuntimeException> f : failures.entrySet()) {
      write.fail(f.getKey(), unknown, f.getValue());
      unknown = List.of(); // counted once, with the first workspace that failed
    }
    return List.of();
  }

  /** The device's Active recommendations in every workspace: those from before its group moved are still its own. */
  @Override
  public List<Recommendation> activeRecommendations(String deviceId) {
    List<Recommendation> out = new ArrayList<>();
    all().forEach(w -> out.addAll(w.activeRecommendations(deviceId)));
    return out;
  }

  @Override
  public List<Recommendation> activeRecommendations() {
    List<Recommendation> out = new ArrayList<>();
    all().forEach(w -> out.addAll(w.activeRecommendations()));
    return out;
  }

  /** The default workspace and every other open one. */
  private List<Workspace> all() {
    List<Workspace> out = new ArrayList<>(List.of(defaultWorkspace));
    out.addAll(open.values());
    return out;
  }

  /** Deletes the group's old raw events in every workspace: a group that moved has some in each. */
  @Override
  public long deleteRawEvents(String securityGroup, Instant cutoff) {
    long n = defaultWorkspace.deleteRawEvents(securityGroup, cutoff);
    for (Workspace w : open.values()) {
      n += w.deleteRawEvents(securityGroup, cutoff);
    }
    return n;
  }

  @Override
  public Set<String> rawEventGroups() {
    Set<String> groups = new TreeSet<>(defaultWorkspace.rawEventGroups());
    open.values().forEach(w -> groups.addAll(w.rawEventGroups()));
    return groups;
  }

  /** Queries the default workspace. */
  @Override
  public QueryResult query(String sql, int maxRows) throws QueryException {
    return defaultWorkspace.query(sql, maxRows);
  }

  /** The workspace named {@code name}, if it exists (it exists once something was written to it). */
  @Override
  public Optional<Workspace> named(String name) {
    if (DEFAULT.equals(name)) {
      return Optional.of(defaultWorkspace);
    }
    return Optional.ofNullable(open.get(name));
  }

  /** The workspaces that exist, {@code default} first. */
  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>(List.of(DEFAULT));
    names.addAll(new TreeSet<>(open.keySet()));
    return names;
  }

  /** Closes the workspaces it opened; not the default one, which its opener closes. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Workspace w : open.values()) {
      try {
        w.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
