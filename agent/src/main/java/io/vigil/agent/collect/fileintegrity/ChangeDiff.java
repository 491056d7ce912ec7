package io.vigil.agent.collect.fileintegrity;

import io.vigil.model.event.FileIntegrity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns two states of one file into a change, or none.
 *
 * <p>A file counts as modified when its content (sha256; size and modification time when the
 * content could not be read), type, mode, owner or link target changed. A new modification time
 * alone ({@code touch}) is not a change. ExtraDetails: {@code Size} (regular files), {@code Type}
 * (when not a regular file), {@code LinkTarget}, {@code Unreadable}; for a modification
 * {@code PreviousSha256} (when known) and {@code PreviousMode}, {@code PreviousOwner},
 * {@code PreviousType}, {@code PreviousLinkTarget} when those changed; for a deletion the
 * previous sha256, mode, owner and link target, since the event's own fields are null.
 */
final class ChangeDiff {
  private ChangeDiff() {}

  static Optional<FileIntegrity.Change> between(String path, FileState before, FileState after) {
    if (before == null && after == null) {
      return Optional.empty();
    }
    if (before == null) {
      return Optional.of(change(path, FileIntegrity.ChangeType.CREATED, after, state(after)));
    }
    if (after == null) {
      Map<String, String> d = new LinkedHashMap<>();
      put(d, "PreviousSha256", before.sha256());
      put(d, "PreviousMode", before.mode());
      put(d, "PreviousOwner", before.owner());
      put(d, "PreviousLinkTarget", before.linkTarget());
      return Optional.of(new FileIntegrity.Change(path, FileIntegrity.ChangeType.DELETED, null, null, null, null, d));
    }
    boolean content = before.sha256() != null && after.sha256() != null
        ? !before.sha256().equals(after.sha256())
        : before.size() != after.size() || !Objects.equals(before.modified(), after.modified());
    boolean type = !Objects.equals(before.type(), after.type());
    boolean mode = !Objects.equals(before.mode(), after.mode());
    boolean owner = !Objects.equals(before.ownerIds(), after.ownerIds());
    boolean link = !Objects.equals(before.linkTarget(), after.linkTarget());
    if (!content && !type && !mode && !owner && !link) {
      return Optional.empty();
    }
    Map<String, String> d = state(after);
    put(d, "PreviousSha256", before.sha256());
    if (mode) {
      put(d, "PreviousMode", before.mode());
    }
    if (owner) {
      put(d, "PreviousOwner", before.owner());
    }
    if (type) {
      put(d, "PreviousType", before.type());
    }
    if (link) {
      put(d, "PreviousLinkTarget", before.linkTarget());
    }
    return Optional.of(change(path, FileIntegrity.ChangeType.MODIFIED, after, d));
  }

  private static FileIntegrity.Change change(String path, FileIntegrity.ChangeType kind, FileState s,
      Map<String, String> details) {
    return new FileIntegrity.Change(path, kind, s.sha256(), s.mode(), s.owner(), s.modified(), details);
  }

  private static Map<String, String> state(FileState s) {
    Map<String, String> d = new LinkedHashMap<>();
    if (s.isFile()) {
      d.put("Size", Long.toString(s.size()));
    } else {
      put(d, "Type", s.type());
    }
    put(d, "LinkTarget", s.linkTarget());
    put(d, "Unreadable", s.unreadable());
    return d;
  }

  private static void put(Map<String, String> d, String key, String value) {
    if (value != null) {
      d.put(key, value);
    }
  }
}
