package io.vigil.agent.collect.fileintegrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.MutableClock;
import io.vigil.model.event.FileIntegrity;
import io.vigil.model.event.FileIntegrity.ChangeType;
import io.vigil.model.event.SecurityEvent;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIntegrityCollectorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @TempDir Path root;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private FileIntegrityCollector collector;

  private final FileIntegritySettings settings = new FileIntegritySettings(List.of("/etc/passwd", "/etc/group",
      "/etc/shadow", "/etc/crontab", "/etc/cron.d", "/etc/ld.so.preload", "/etc/systemd/system"), Duration.ofMinutes(10),
      100);

  /** Copies the fixture tree and gives its files exact modes (and owners, as root). */
  @BeforeEach
  void fixture() throws Exception {
    Path source = Path.of(getClass().getResource("root").toURI());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path target = root.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
          if (ROOT) {
            Files.setAttribute(target, "unix:uid", 0);
            Files.setAttribute(target, "unix:gid", 0);
          }
        }
      }
    }
    Files.setPosixFilePermissions(root.resolve("etc/shadow"), PosixFilePermissions.fromString("rw-r-----"));
    Path wants = Files.createDirectories(root.resolve("etc/systemd/system/multi-user.target.wants"));
    Files.createSymbolicLink(wants.resolve("vigil-fixture.service"), Path.of("../vigil-fixture.service"));
  }

  @AfterEach
  void close() {
    if (collector != null) {
      collector.close();
    }
  }

  private CollectorContext ctx() {
    return new CollectorContext(root, clock, ZoneOffset.UTC);
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  private Instant mtime(String path) throws Exception {
    return Files.getLastModifiedTime(root.resolve(path)).toInstant();
  }

  private static String owner() {
    return ROOT ? "root:root" : null;
  }

  /** Collects until {@code count} changes came (the watcher reports asynchronously), then once more to see nothing else. */
  private List<FileIntegrity.Change> changes(int count) throws Exception {
    List<FileIntegrity.Change> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(WAIT);
    while (seen.size() < count && Instant.now().isBefore(deadline)) {
      List<SecurityEvent> events = collector.collect();
      if (!events.isEmpty()) {
        assertWireRoundTrip(events);
      }
      for (SecurityEvent e : events) {
        assertThat(e.header().timestampUtc()).isEqualTo(clock.instant());
        seen.addAll(((FileIntegrity) e).payload());
      }
      Thread.sleep(20);
    }
    Thread.sleep(200);
    collector.collect().forEach(e -> seen.addAll(((FileIntegrity) e).payload()));
    return seen;
  }

  @Test
  void theBaselineRecordsEveryFileAndReportsNothing() throws Exception {
    collector = new FileIntegrityCollector(ctx(), settings);
    assertThat(collector.name()).isEqualTo("file_integrity");
    assertThat(collector.collect()).isEmpty();
    assertThat(collector.snapshot()).containsOnlyKeys("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/crontab",
        "/etc/cron.d/backup", "/etc/systemd/system/vigil-fixture.service",
        "/etc/systemd/system/multi-user.target.wants/vigil-fixture.service");
    FileState passwd = collector.snapshot().get("/etc/passwd");
    byte[] content = Files.readAllBytes(root.resolve("etc/passwd"));
    assertThat(passwd.sha256()).isEqualTo(sha256(content));
    assertThat(passwd.mode()).isEqualTo("0644");
    assertThat(passwd.size()).isEqualTo(content.length);
    assertThat(passwd.modified()).isEqualTo(mtime("etc/passwd"));
    assertThat(collector.snapshot().get("/etc/shadow").mode()).isEqualTo("0640");
    FileState link = collector.snapshot().get("/etc/systemd/system/multi-user.target.wants/vigil-fixture.service");
    assertThat(link.type()).isEqualTo("symlink");
    assertThat(link.linkTarget()).isEqualTo("../vigil-fixture.service");
    assertThat(link.sha256()).isNull();
    assertThat(link.mode()).isEqualTo("0777");
    assertThat(collector.problems()).isEmpty();
  }

  @Test
  void watchedCreationsModificationsAndDeletionsComeWithEveryField() throws Exception {
    collector = new FileIntegrityCollector(ctx(), settings);
    assertThat(collector.collect()).isEmpty();
    String crontabBefore = sha256(Files.readAllBytes(root.resolve("etc/crontab")));
    String backupSha = sha256(Files.readAllBytes(root.resolve("etc/cron.d/backup")));

    Files.writeString(root.resolve("etc/ld.so.preload"), "/tmp/evil.so\n");
    Files.setPosixFilePermissions(root.resolve("etc/ld.so.preload"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change("/etc/ld.so.preload", ChangeType.CREATED,
        sha256("/tmp/evil.so\n".getBytes()), "0644", owner(), mtime("etc/ld.so.preload"), Map.of("Size", "13")));

    Files.writeString(root.resolve("etc/crontab"), "* * * * * root /tmp/x\n");
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change("/etc/crontab", ChangeType.MODIFIED,
        sha256("* * * * * root /tmp/x\n".getBytes()), "0644", owner(), mtime("etc/crontab"),
        Map.of("Size", "22", "PreviousSha256", crontabBefore)));

    Files.setPosixFilePermissions(root.resolve("etc/cron.d/backup"), PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change("/etc/cron.d/backup", ChangeType.MODIFIED,
        backupSha, "0666", owner(), mtime("etc/cron.d/backup"),
        Map.of("Size", "37", "PreviousSha256", backupSha, "PreviousMode", "0644")));

    Files.delete(root.resolve("etc/cron.d/backup"));
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change("/etc/cron.d/backup", ChangeType.DELETED,
        null, null, null, null, ROOT
            ? Map.of("PreviousSha256", backupSha, "PreviousMode", "0666", "PreviousOwner", "root:root")
            : Map.of("PreviousSha256", backupSha, "PreviousMode", "0666")));

    // A new directory under a watched one is watched in turn.
    Files.createDirectories(root.resolve("etc/cron.d/nested"));
    Files.writeString(root.resolve("etc/cron.d/nested/job"), "job\n");
    Files.setPosixFilePermissions(root.resolve("etc/cron.d/nested/job"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change("/etc/cron.d/nested/job", ChangeType.CREATED,
        sha256("job\n".getBytes()), "0755", owner(), mtime("etc/cron.d/nested/job"), Map.of("Size", "4")));
    Files.writeString(root.resolve("etc/cron.d/nested/job"), "job2\n");
    assertThat(changes(1)).extracting(FileIntegrity.Change::path, FileIntegrity.Change::change)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/etc/cron.d/nested/job", ChangeType.MODIFIED));

    // Enabling a unit: a new symbolic link.
    Path link = root.resolve("etc/systemd/system/multi-user.target.wants/evil.service");
    Files.createSymbolicLink(link, Path.of("/tmp/evil.service"));
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change(
        "/etc/systemd/system/multi-user.target.wants/evil.service", ChangeType.CREATED, null, "0777", owner(),
        Files.getLastModifiedTime(link, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant(),
        Map.of("Type", "symlink", "LinkTarget", "/tmp/evil.service")));

    // An editor's save: a new file renamed over the old one.
    String passwdBefore = sha256(Files.readAllBytes(root.resolve("etc/passwd")));
    Path tmp = root.resolve("etc/passwd.tmp");
    Files.writeString(tmp, "root:x:0:0:root:/root:/bin/sh\nevil:x:0:0::/:/bin/sh\n");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, root.resolve("etc/passwd"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change("/etc/passwd", ChangeType.MODIFIED,
        sha256(Files.readAllBytes(root.resolve("etc/passwd"))), "0644", owner(), mtime("etc/passwd"),
        Map.of("Size", "52", "PreviousSha256", passwdBefore)));
    assertThat(collector.problems()).isEmpty();
  }

  @Test
  void aChangeOfOwnerNamesBothOwnersFromTheRootsPasswd() throws Exception {
    assumeTrue(ROOT, "changing a file's owner needs root");
    collector = new FileIntegrityCollector(ctx(), settings);
    collector.collect();
    String sha = collector.snapshot().get("/etc/crontab").sha256();
    Files.setAttribute(root.resolve("etc/crontab"), "unix:uid", 1000);
    Files.setAttribute(root.resolve("etc/crontab"), "unix:gid", 1000);
    assertThat(changes(1)).containsExactly(new FileIntegrity.Change("/etc/crontab", ChangeType.MODIFIED, sha, "0644",
        "alice:alice", mtime("etc/crontab"),
        Map.of("Size", Long.toString(Files.size(root.resolve("etc/crontab"))), "PreviousSha256", sha,
            "PreviousOwner", "root:root")));
    Files.setAttribute(root.resolve("etc/crontab"), "unix:uid", 4242);
    assertThat(changes(1)).extracting(FileIntegrity.Change::owner, c -> c.extraDetails().get("PreviousOwner"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("4242:alice", "alice:alice"));
  }

  @Test
  void touchingAFileWithoutChangingItIsNoChange() throws Exception {
    collector = new FileIntegrityCollector(ctx(), settings);
    collector.collect();
    Files.setLastModifiedTime(root.resolve("etc/group"), java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    Files.writeString(root.resolve("etc/crontab"), "changed\n");
    // The crontab change proves the watcher delivered; the group touch must not show up with it.
    assertThat(changes(1)).extracting(FileIntegrity.Change::path).containsExactly("/etc/crontab");
  }

  @Test
  void theRescanFindsWhatNoWatcherReported() throws Exception {
    // Deleting etc/group also takes the group names away: owners are compared by id, so no file looks re-owned.
    collector = new FileIntegrityCollector(ctx(), settings, false, Files::newInputStream);
    assertThat(collector.collect()).isEmpty();
    Files.writeString(root.resolve("etc/cron.d/new"), "x\n");
    Files.delete(root.resolve("etc/group"));
    assertThat(collector.collect()).as("no rescan before the interval").isEmpty();
    clock.advance(Duration.ofMinutes(10));
    List<SecurityEvent> events = collector.collect();
    assertThat(events).singleElement().satisfies(e -> assertThat(((FileIntegrity) e).payload())
        .extracting(FileIntegrity.Change::path, FileIntegrity.Change::change)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/etc/cron.d/new", ChangeType.CREATED),
            org.assertj.core.groups.Tuple.tuple("/etc/group", ChangeType.DELETED)));
    assertThat(collector.collect()).isEmpty();
  }

  @Test
  void anUnreadableFileHasNoSha256AndSaysWhy() throws Exception {
    FileScanner.ContentOpener denyShadow = file -> {
      if (file.getFileName().toString().startsWith("shadow")) {
        throw new AccessDeniedException(file.toString());
      }
      return Files.newInputStream(file);
    };
    collector = new FileIntegrityCollector(ctx(), settings, false, denyShadow);
    assertThat(collector.collect()).isEmpty();
    FileState shadow = collector.snapshot().get("/etc/shadow");
    assertThat(shadow.sha256()).isNull();
    assertThat(shadow.unreadable()).isEqualTo("AccessDeniedException");
    assertThat(shadow.mode()).isEqualTo("0640");

    Files.writeString(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
    clock.advance(Duration.ofMinutes(10));
    assertThat(collector.collect()).singleElement().satisfies(e -> assertThat(((FileIntegrity) e).payload())
        .containsExactly(new FileIntegrity.Change("/etc/shadow", ChangeType.MODIFIED, null, "0640", owner(),
            mtime("etc/shadow"), Map.of("Size", "26", "Unreadable", "AccessDeniedException"))));
  }

  @Test
  void theFileLimitIsKeptAndReported() throws Exception {
    collector = new FileIntegrityCollector(ctx(),
        new FileIntegritySettings(List.of("/etc/passwd", "/etc/group", "/etc/crontab"), Duration.ofMinutes(10), 2));
    assertThat(collector.collect()).isEmpty();
    assertThat(collector.snapshot()).containsOnlyKeys("/etc/passwd", "/etc/group");
    assertThat(collector.problems()).containsExactly(
        "more than 2 files under the watched paths: only the first 2 are watched (FileIntegritySettings.maxFiles)");
  }

  @Test
  void aConfiguredDirectoryCreatedLaterIsPickedUpThroughItsParent() throws Exception {
    collector = new FileIntegrityCollector(ctx(),
        new FileIntegritySettings(List.of("/etc/sudoers.d"), Duration.ofMinutes(10), 100));
    assertThat(collector.collect()).isEmpty();
    Files.createDirectories(root.resolve("etc/sudoers.d"));
    Files.writeString(root.resolve("etc/sudoers.d/evil"), "evil ALL=(ALL) NOPASSWD: ALL\n");
    assertThat(changes(1)).extracting(FileIntegrity.Change::path, FileIntegrity.Change::change)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/etc/sudoers.d/evil", ChangeType.CREATED));
  }

  /** This host, default paths: the baseline holds /etc/passwd with its real sha256 and mode. */
  @Test
  void realHostBaselineWithTheDefaults() throws Exception {
    collector = new FileIntegrityCollector(new CollectorContext(Path.of("/"), clock, ZoneOffset.UTC));
    assertThat(collector.collect()).isEmpty();
    Map<String, FileState> snapshot = collector.snapshot();
    FileState passwd = snapshot.get("/etc/passwd");
    assertThat(passwd.sha256()).isEqualTo(sha256(Files.readAllBytes(Path.of("/etc/passwd"))));
    int mode = (Integer) Files.getAttribute(Path.of("/etc/passwd"), "unix:mode") & 07777;
    assertThat(passwd.mode()).isEqualTo(String.format("%04o", mode)).isEqualTo("0644");
    assertThat(passwd.owner()).isEqualTo("root:root");
    if (Files.isSymbolicLink(Path.of("/lib"))) {
      assertThat(snapshot.keySet()).as("/lib links to usr/lib: unit files are recorded once")
          .noneMatch(p -> p.startsWith("/lib/"))
          .anyMatch(p -> p.startsWith("/usr/lib/systemd/system/"));
    }
    collector.collect();
  }

  /** The events survive the wire format unchanged: the hub refuses what the schema refuses. */
  private static void assertWireRoundTrip(List<SecurityEvent> events) throws Exception {
    var codec = new io.vigil.wire.SecurityMessageCodec();
    var message = io.vigil.model.event.SecurityMessage.of("0.1.0", java.util.UUID.randomUUID().toString(), events);
    assertThat(codec.decode(codec.encode(message)).events()).isEqualTo(events);
  }
}
