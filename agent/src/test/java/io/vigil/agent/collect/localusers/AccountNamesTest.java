package io.vigil.agent.collect.localusers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountNamesTest {
  @TempDir Path root;

  @Test
  void namesComeFromTheRootsOwnFilesAndFollowTheirChanges() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nfirst:x:7:7::/:/bin/sh\nsecond:x:7:7::/:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "wheel:x:10:\nbroken\n");
    AccountNames names = new AccountNames(root);
    assertThat(names.userName(7)).contains("first");
    assertThat(names.uid("second")).contains(7L);
    assertThat(names.groupName(10)).contains("wheel");
    assertThat(names.userName(8)).isEmpty();
    assertThat(names.problems()).containsExactly("/etc/group:2: expected 4 ':'-separated fields, found 1");

    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nnewcomer:x:8:8::/:/bin/sh\n");
    Files.setLastModifiedTime(root.resolve("etc/passwd"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    names.refresh();
    assertThat(names.userName(8)).contains("newcomer");
    assertThat(names.userName(7)).isEmpty();
    assertThat(names.groupName(10)).contains("wheel");
    assertThat(names.problems()).as("group is unchanged, and still broken")
        .containsExactly("/etc/group:2: expected 4 ':'-separated fields, found 1");
    Files.writeString(root.resolve("etc/group"), "wheel:x:10:\n");
    Files.setLastModifiedTime(root.resolve("etc/group"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    names.refresh();
    assertThat(names.problems()).isEmpty();
  }

  @Test
  void missingFilesMeanNoNames() {
    AccountNames names = new AccountNames(root);
    assertThat(names.userName(0)).isEmpty();
    assertThat(names.groupName(0)).isEmpty();
    assertThat(names.problems()).isEmpty();
  }
}
