package io.vigil.agent.collect.fileintegrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathsTest {
  @TempDir Path root;

  @Test
  void relativeAndAbsoluteDirectoryLinksResolveInsideTheRoot() throws Exception {
    Files.createDirectories(root.resolve("usr/lib/systemd/system"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/alt"), Path.of("/usr/lib")); // absolute: under the root, not the host
    RootPaths paths = new RootPaths(root);
    assertThat(paths.resolveDirectories("/lib/systemd/system")).isEqualTo("/usr/lib/systemd/system");
    assertThat(paths.resolveDirectories("/etc/alt/systemd/system")).isEqualTo("/usr/lib/systemd/system");
    assertThat(paths.resolveDirectories("/etc/alt/../passwd")).isEqualTo("/usr/passwd");
    assertThat(paths.resolveDirectories("/etc/./passwd")).isEqualTo("/etc/passwd");
    assertThat(paths.resolveDirectories("/lib")).as("the last component is kept").isEqualTo("/lib");
    assertThat(paths.resolveDirectories("/no/such/dir/file")).isEqualTo("/no/such/dir/file");
    assertThat(paths.resolveDirectories("/")).isEqualTo("/");
    Files.delete(root.resolve("etc/alt")); // JUnit warns about links pointing out of its directory
  }

  @Test
  void aLinkLoopEndsWithoutHanging() throws Exception {
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
    assertThat(new RootPaths(root).resolveDirectories("/a/file")).endsWith("/file");
  }

  @Test
  void devicePathHelpers() {
    assertThat(RootPaths.child("/", "etc")).isEqualTo("/etc");
    assertThat(RootPaths.child("/etc", "passwd")).isEqualTo("/etc/passwd");
    assertThat(RootPaths.parent("/etc/passwd")).isEqualTo("/etc");
    assertThat(RootPaths.parent("/etc")).isEqualTo("/");
    assertThat(RootPaths.within("/etc/cron.d/x", "/etc/cron.d")).isTrue();
    assertThat(RootPaths.within("/etc/cron.d", "/etc/cron.d")).isTrue();
    assertThat(RootPaths.within("/etc/cron.daily/x", "/etc/cron.d")).isFalse();
    assertThat(new RootPaths(root).host("/etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(new RootPaths(root).host("/")).isEqualTo(root);
  }
}
