package io.vigil.agent.collect.fileintegrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.FileIntegrity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeDiffTest {
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");

  private static FileState file(String sha, String mode, String owner, String ids, Instant modified, long size) {
    return new FileState("file", sha, mode, owner, ids, modified, size, null, null, null);
  }

  @Test
  void aNewModificationTimeAloneIsNoChange() {
    assertThat(ChangeDiff.between("/f", file("aa", "0644", "root:root", "0:0", T1, 3),
        file("aa", "0644", "root:root", "0:0", T2, 3))).isEmpty();
  }

  @Test
  void ownersAreComparedByIdNotByName() {
    assertThat(ChangeDiff.between("/f", file("aa", "0644", "root:root", "0:0", T1, 3),
        file("aa", "0644", "0:0", "0:0", T1, 3))).isEmpty();
  }

  @Test
  void unreadableContentIsJudgedBySizeAndTime() {
    FileState before = new FileState("file", null, "0600", "root:root", "0:0", T1, 3, null, "AccessDeniedException", null);
    FileState after = new FileState("file", null, "0600", "root:root", "0:0", T2, 3, null, "AccessDeniedException", null);
    assertThat(ChangeDiff.between("/f", before, after)).contains(new FileIntegrity.Change("/f",
        FileIntegrity.ChangeType.MODIFIED, null, "0600", "root:root", T2,
        Map.of("Size", "3", "Unreadable", "AccessDeniedException")));
  }

  @Test
  void aFileReplacedByALinkSaysBothTypesAndTheTarget() {
    FileState link = new FileState("symlink", null, "0777", "root:root", "0:0", T2, 9, "/tmp/evil", null, null);
    assertThat(ChangeDiff.between("/etc/ld.so.preload", file("aa", "0644", "root:root", "0:0", T1, 3), link))
        .contains(new FileIntegrity.Change("/etc/ld.so.preload", FileIntegrity.ChangeType.MODIFIED, null, "0777",
            "root:root", T2, Map.of("Type", "symlink", "LinkTarget", "/tmp/evil", "PreviousSha256", "aa",
                "PreviousMode", "0644", "PreviousType", "file")));
  }

  @Test
  void aDeletionCarriesThePreviousStateInExtraDetails() {
    assertThat(ChangeDiff.between("/f", file("aa", "0600", "root:shadow", "0:42", T1, 3), null))
        .contains(new FileIntegrity.Change("/f", FileIntegrity.ChangeType.DELETED, null, null, null, null,
            Map.of("PreviousSha256", "aa", "PreviousMode", "0600", "PreviousOwner", "root:shadow")));
  }
}
