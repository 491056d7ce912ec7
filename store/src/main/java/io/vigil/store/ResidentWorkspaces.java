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
import java.util.stream.Stream;

/**
 * Data residency: writes each security group's rows to the workspace its settings name, one DuckDB
 * file per workspace. {@code default} is {@code DATA/workspace.duckdb}; any other name N is
 * {@code DATA/workspaces/N/workspace.duckdb}, created on its first write. Raw events go by their
 * {@code SecurityGroup}, hub operations, alerts and recommendations by their device's group at
 * the time they are written; reads of alerts and recommendations look in every workspace. A group moved to another workspace keeps what it wrote before where it is.
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

  private Workspace ofGroup(String group) {
    return workspace(workspaceOfGroup.apply(group));
  }

  @Override
  public Set<EventKey> appendRawEvents(List<RawEvent> events) {
    Map<Workspace, List<RawEvent>> split = new LinkedHashMap<>();
    for (RawEvent e : events) {
      split.computeIfAbsent(ofGroup(e.securityGroup()), w -> new ArrayList<>()).add(e);
    }
    // Not atomic across workspaces: a failure fails the batch, and its retry is deduplicated where it was stored.
    Set<EventKey> fresh = new HashSet<>();
    split.forEach((w, rows) -> fresh.addAll(w.appendRawEvents(rows)));
    return fresh;
  }

  @Override
  public void appendHubOperations(List<HubOperationRow> operations) {
    Map<Workspace, List<HubOperationRow>> split = new LinkedHashMap<>();
    for (HubOperationRow op : operations) {
      split.computeIfAbsent(ofGroup(groupOfDevice.apply(op.deviceId())), w -> new ArrayList<>()).add(op);
    }
    split.forEach(Workspace::appendHubOperations);
  }

  @Override
  public void appendAlerts(List<Alert> alerts) {
    Map<Workspace, List<Alert>> split = new LinkedHashMap<>();
    for (Alert a : alerts) {
      split.computeIfAbsent(ofDevice(a.deviceId()), w -> new ArrayList<>()).add(a);
    }
    split.forEach(Workspace::appendAlerts);
  }

  @Override
  public void writeAlerts(List<Alert> opened, List<Alert> updated) {
    Map<Workspace, List<List<Alert>>> split = new LinkedHashMap<>();
    for (Alert a : opened) {
      split.computeIfAbsent(ofDevice(a.deviceId()), w -> List.of(new ArrayList<>(), new ArrayList<>())).get(0).add(a);
    }
    for (Alert a : updated) {
      split.computeIfAbsent(ofDevice(a.deviceId()), w -> List.of(new ArrayList<>(), new ArrayList<>())).get(1).add(a);
    }
    split.forEach((w, lists) -> w.writeAlerts(lists.get(0), lists.get(1)));
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
    Workspace home = ofDevice(change.deviceId());
    if (home.changeAlertStatus(change)) {
      return true;
    }
    return all().stream().filter(w -> w != home).anyMatch(w -> w.changeAlertStatus(change));
  }

  @Override
  public List<AlertStatusChange> alertStatusChanges(String systemAlertId) {
    List<AlertStatusChange> out = new ArrayList<>();
    all().forEach(w -> out.addAll(w.alertStatusChanges(systemAlertId)));
    out.sort(java.util.Comparator.comparing(AlertStatusChange::timeGenerated));
    return out;
  }

  @Override
  public void upsertRecommendations(List<Recommendation> recommendations) {
    Map<Workspace, List<Recommendation>> split = new LinkedHashMap<>();
    for (Recommendation r : recommendations) {
      split.computeIfAbsent(ofDevice(r.deviceId()), w -> new ArrayList<>()).add(r);
    }
    split.forEach(Workspace::upsertRecommendations);
  }

  @Override
  public List<Recommendation> activeRecommendations(String deviceId) {
    return ofDevice(deviceId).activeRecommendations(deviceId);
  }

  @Override
  public List<Recommendation> activeRecommendations() {
    List<Recommendation> out = new ArrayList<>();
    all().forEach(w -> out.addAll(w.activeRecommendations()));
    return out;
  }

  private Workspace ofDevice(String deviceId) {
    return ofGroup(groupOfDevice.apply(deviceId));
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
