package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootFilesTest {
  @TempDir Path root;

  private RootFiles files() {
    return new RootFiles(new CollectorContext(root, Clock.systemUTC(), ZoneOffset.UTC));
  }

  @Test
  void anAbsoluteLinkResolvesInsideTheRoot() throws Exception {
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/busybox"), "inside");
    Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("/bin/busybox"));
    assertThat(files().resolve("/bin/sh")).isEqualTo(root.resolve("bin/busybox"));
    assertThat(files().text("/bin/sh")).isEqualTo("inside");
  }

  @Test
  void relativeAndDirectoryLinksAndDotDotStayInsideTheRoot() throws Exception {
    Files.createDirectories(root.resolve("usr/lib"));
    Files.writeString(root.resolve("usr/lib/os-release"), "ID=test\n");
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    Files.createSymbolicLink(root.resolve("usr/lib/up"), Path.of("../../../../.."));
    assertThat(files().text("/etc/os-release")).isEqualTo("ID=test");
    assertThat(files().resolve("/lib/os-release")).isEqualTo(root.resolve("usr/lib/os-release"));
    assertThat(files().resolve("/usr/lib/up/etc/os-release")).as("'..' stops at the root").isEqualTo(root.resolve("usr/lib/os-release"));
  }

  @Test
  void aLinkLoopReadsAsMissing() throws Exception {
    Files.createSymbolicLink(root.resolve("a"), Path.of("/b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
    assertThat(files().text("/a")).isNull();
    assertThat(files().lines("/a")).isNull();
    assertThat(files().head("/a", 20)).isNull();
  }
}
