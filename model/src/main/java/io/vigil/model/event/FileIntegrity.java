package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Vigil addition: watched files that were created, modified or deleted. */
public record FileIntegrity(EventHeader header, List<Change> payload) implements SecurityEvent {
  public FileIntegrity {
    payload = Payloads.of(EventKind.FILE_INTEGRITY, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.FILE_INTEGRITY;
  }

  /** What happened to the file. */
  public enum ChangeType implements WireName {
    CREATED,
    MODIFIED,
    DELETED
  }

  /**
   * One file change. The file's state fields are null for a deletion.
   *
   * @param mode octal permission bits, for example {@code 0644}
   * @param owner {@code user:group}
   */
  public record Change(
      String path,
      ChangeType change,
      String sha256,
      String mode,
      String owner,
      Instant modifiedTime,
      Map<String, String> extraDetails) {
    public Change {
      Require.text(path, "Path");
      Require.present(change, "Change");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
