package io.vigil.agent.collect.fileintegrity;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.localusers.AccountNames;
import io.vigil.model.event.FileIntegrity;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code file_integrity} collector (triggered): files of the configured paths that were
 * created, modified or deleted, with their sha256, mode, owner and modification time.
 *
 * <p>The first call records the baseline and returns nothing. The directories are watched through
 * the JDK's watch service (inotify); each call examines the paths the watcher reported since the
 * previous call, and scans everything again when the rescan interval has passed or the watcher
 * lost events. Calls never wait for events. Paths are reported as seen on the device (without the
 * root), with the directories' symbolic links resolved ({@code /lib/systemd/system} is reported as
 * {@code /usr/lib/systemd/system} when {@code /lib} links to {@code usr/lib}); symbolic links
 * inside watched directories are recorded as links, not followed. A file that cannot be read has
 * a null sha256 and ExtraDetails {@code Unreadable}; {@link ChangeDiff} lists the other
 * ExtraDetails. Reading {@code /etc/shadow} needs root.
 */
public final class FileIntegrityCollector implements Collector {
  private final CollectorContext ctx;
  private final FileIntegritySettings settings;
  private final boolean watch;
  private final RootPaths paths;
  private final AccountNames names;
  private final FileScanner scanner;
  private final List<String> roots;
  private final List<String> problems = new ArrayList<>();
  private TreeMap<String, FileState> snapshot;
  private DirectoryWatcher watcher;
  private Instant nextRescan;

  /** Watches the {@linkplain FileIntegritySettings#defaults() default paths}. */
  public FileIntegrityCollector(CollectorContext ctx) {
    this(ctx, FileIntegritySettings.defaults());
  }

  public FileIntegrityCollector(CollectorContext ctx, FileIntegritySettings settings) {
    this(ctx, settings, true, Files::newInputStream);
  }

  /** With {@code watch} false, only the rescan finds changes (for tests of the rescan). */
  FileIntegrityCollector(CollectorContext ctx, FileIntegritySettings settings, boolean watch,
      FileScanner.ContentOpener opener) {
    this.ctx = ctx;
    this.settings = settings;
    this.watch = watch;
    this.paths = new RootPaths(ctx.root());
    this.names = new AccountNames(ctx.root());
    this.scanner = new FileScanner(paths, names, opener);
    Set<String> resolved = new LinkedHashSet<>();
    settings.paths().forEach(p -> resolved.add(paths.resolveDirectories(p)));
    this.roots = List.copyOf(resolved);
  }

  @Override
  public String name() {
    return "file_integrity";
  }

  @Override
  public List<SecurityEvent> collect() {
    problems.clear();
    names.refresh();
    problems.addAll(names.problems());
    List<FileIntegrity.Change> changes = new ArrayList<>();
    if (snapshot == null) {
      snapshot = new TreeMap<>();
      startWatching();
      fullScan(); // the baseline: its changes are the initial state, not events
    } else {
      DirectoryWatcher.Drained drained = watcher == null ? new DirectoryWatcher.Drained(Set.of(), false) : watcher.drain();
      if (drained.overflow() || !ctx.now().isBefore(nextRescan)) {
        changes.addAll(fullScan());
      } else {
        for (String target : targets(drained.paths())) {
          changes.addAll(rescan(target));
        }
      }
    }
    return changes.isEmpty() ? List.of() : List.of(new FileIntegrity(ctx.header(), changes));
  }

  /**
   * What the last {@link #collect()} could not do: directories that could not be listed or watched,
   * the {@code maxFiles} limit when it is hit; empty when all was well.
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** The recorded state of every watched file, by device path. */
  Map<String, FileState> snapshot() {
    return snapshot == null ? Map.of() : Map.copyOf(snapshot);
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        problems.add("cannot close the watch service: " + FileScanner.reason(e));
      }
    }
  }

  private void startWatching() {
    if (!watch) {
      return;
    }
    try {
      watcher = new DirectoryWatcher(paths, ctx.root().getFileSystem().newWatchService());
    } catch (IOException | UnsupportedOperationException e) {
      problems.add("cannot watch files (" + FileScanner.reason(e) + "): changes are found by the rescan every "
          + settings.rescanInterval().toMinutes() + " min only");
    }
  }

  private List<FileIntegrity.Change> fullScan() {
    FileScanner.Scan scan = new FileScanner.Scan();
    for (String root : roots) {
      scanner.scan(root, FileScanner.MAX_DEPTH, settings.maxFiles(), snapshot, scan);
    }
    nextRescan = ctx.now().plus(settings.rescanInterval());
    return apply(new HashMap<>(snapshot), scan);
  }

  /** Examines {@code target} (a file, or a directory and everything below it) again. */
  private List<FileIntegrity.Change> rescan(String target) {
    String root = roots.stream().filter(r -> RootPaths.within(target, r)).findFirst().orElseThrow();
    Map<String, FileState> old = new HashMap<>();
    snapshot.forEach((path, state) -> {
      if (RootPaths.within(path, target)) {
        old.put(path, state);
      }
    });
    FileScanner.Scan scan = new FileScanner.Scan();
    scanner.scan(target, FileScanner.MAX_DEPTH - depthBelow(target, root), settings.maxFiles() - (snapshot.size() - old.size()),
        snapshot, scan);
    return apply(old, scan);
  }

  /** Replaces {@code old} in the snapshot with what {@code scan} found, and says what changed. */
  private List<FileIntegrity.Change> apply(Map<String, FileState> old, FileScanner.Scan scan) {
    problems.addAll(scan.problems);
    if (scan.limitHit) {
      problems.add("more than " + settings.maxFiles() + " files under the watched paths: only the first "
          + settings.maxFiles() + " are watched (FileIntegritySettings.maxFiles)");
    }
    List<FileIntegrity.Change> changes = new ArrayList<>();
    Set<String> all = new TreeSet<>(old.keySet());
    all.addAll(scan.files.keySet());
    for (String path : all) {
      FileState after = scan.files.get(path);
      if (after == null && scan.unlisted.stream().anyMatch(dir -> RootPaths.within(path, dir))) {
        continue; // below a directory that could not be listed: unknown, not deleted
      }
      ChangeDiff.between(path, old.get(path), after).ifPresent(changes::add);
      if (after == null) {
        snapshot.remove(path);
      } else {
        snapshot.put(path, after);
      }
    }
    watchDirectories(scan.directories);
    return changes;
  }

  /** The watched directories, and the nearest existing ancestor of each configured path. */
  private void watchDirectories(List<String> directories) {
    if (watcher == null) {
      return;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String root : roots) {
      String dir = RootPaths.parent(root);
      while (!dir.equals("/") && !Files.isDirectory(paths.host(dir))) {
        dir = RootPaths.parent(dir);
      }
      wanted.add(dir);
    }
    wanted.addAll(directories);
    for (String dir : wanted) {
      if (watcher.size() >= settings.maxFiles()) {
        problems.add("more than " + settings.maxFiles() + " directories to watch: " + dir
            + " and others are found by the rescan only");
        return;
      }
      try {
        watcher.watch(dir);
      } catch (IOException e) {
        problems.add("cannot watch " + dir + ": " + FileScanner.reason(e));
      }
    }
  }

  /**
   * The paths to examine for what the watcher reported: reported paths within a configured path,
   * and the configured paths below a reported directory (a parent created or replaced). A path
   * below another target is left to that target.
   */
  private Set<String> targets(Set<String> reported) {
    Set<String> targets = new TreeSet<>();
    for (String p : reported) {
      for (String root : roots) {
        if (RootPaths.within(p, root) && depthBelow(p, root) <= FileScanner.MAX_DEPTH) {
          targets.add(p);
        } else if (RootPaths.within(root, p)) {
          targets.add(root);
        }
      }
    }
    Set<String> outermost = new TreeSet<>();
    for (String t : targets) {
      if (outermost.stream().noneMatch(o -> RootPaths.within(t, o))) {
        outermost.add(t);
      }
    }
    return outermost;
  }

  private static int depthBelow(String path, String root) {
    return path.equals(root) ? 0 : (int) path.substring(root.length()).chars().filter(c -> c == '/').count();
  }
}
