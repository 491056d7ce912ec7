package io.vigil.agent.collect.fileintegrity;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Watches directories with the JDK's {@link WatchService} (inotify on Linux) and hands out the
 * device paths that something happened to.
 *
 * <p>The JDK reads inotify on its own thread; {@link #drain()} only takes what has queued up and
 * never blocks. A change of permissions or owner arrives as a modification. Not thread-safe: one
 * collector thread calls it.
 */
final class DirectoryWatcher implements AutoCloseable {
  /** What happened since the previous drain. */
  record Drained(Set<String> paths, boolean overflow) {}

  private final RootPaths paths;
  private final WatchService service;
  private final Map<WatchKey, String> directories = new HashMap<>();
  private final Map<String, WatchKey> keys = new HashMap<>();

  DirectoryWatcher(RootPaths paths, WatchService service) {
    this.paths = paths;
    this.service = service;
  }

  /** The number of directories watched now. */
  int size() {
    return keys.size();
  }

  /**
   * Watches {@code deviceDir} if it is not watched yet.
   *
   * @throws IOException if it cannot be watched (gone, or out of inotify watches)
   */
  void watch(String deviceDir) throws IOException {
    WatchKey known = keys.get(deviceDir);
    if (known != null && known.isValid()) {
      return;
    }
    Path host = paths.host(deviceDir);
    WatchKey key = host.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    directories.put(key, deviceDir);
    keys.put(deviceDir, key);
  }

  /** Takes every event queued so far, without waiting. */
  Drained drain() {
    Set<String> changed = new TreeSet<>();
    boolean overflow = false;
    for (WatchKey key; (key = service.poll()) != null; ) {
      String dir = directories.get(key);
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == OVERFLOW) {
          overflow = true;
        } else if (dir != null && event.context() instanceof Path name) {
          changed.add(RootPaths.child(dir, name.toString()));
        }
      }
      if (!key.reset() && dir != null) {
        // The directory is gone (or was unmounted): its parent's watch, or the rescan, reports that.
        directories.remove(key);
        keys.remove(dir, key);
      }
    }
    return new Drained(changed, overflow);
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
