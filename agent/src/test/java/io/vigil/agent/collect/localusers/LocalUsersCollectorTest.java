package io.vigil.agent.collect.localusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.LocalUsers;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalUsersCollectorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static Path fixture() throws URISyntaxException {
    return Path.of(LocalUsersCollectorTest.class.getResource("root").toURI());
  }

  private static CollectorContext at(Path root) {
    return new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.ofHours(2));
  }

  private static List<LocalUsers.User> users(LocalUsersCollector collector) throws Exception {
    List<SecurityEvent> events = collector.collect();
    assertWireRoundTrip(events);
    assertThat(events).singleElement().isInstanceOf(LocalUsers.class);
    LocalUsers event = (LocalUsers) events.getFirst();
    assertThat(event.header().timestampUtc()).isEqualTo(NOW);
    assertThat(event.header().timestampLocal().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    return event.payload();
  }

  @Test
  void fixtureTreeGivesEveryFieldOfEveryUser() throws Exception {
    LocalUsersCollector collector = new LocalUsersCollector(at(fixture()));
    assertThat(collector.name()).isEqualTo("local_users");
    assertThat(users(collector)).containsExactly(
        new LocalUsers.User("0", "root", "0", "root", Map.of("Shell", "/bin/bash", "Home", "/root", "Gecos", "root",
            "Locked", "false", "PasswordSet", "true", "LastChange", "19000")),
        new LocalUsers.User("1", "daemon", "1", "daemon", Map.of("Shell", "/usr/sbin/nologin", "Home", "/usr/sbin",
            "Gecos", "daemon", "Locked", "true", "PasswordSet", "false", "LastChange", "19000")),
        new LocalUsers.User("1000;4;27;1001;100", "alice;adm;sudo;bob;users", "1000", "alice", Map.of("Shell", "/bin/bash",
            "Home", "/home/alice", "Gecos", "Alice Example,,,", "Locked", "true", "PasswordSet", "true",
            "LastChange", "19500")),
        new LocalUsers.User("1001;27;100", "bob;sudo;users", "1001", "bob", Map.of("Shell", "/bin/sh", "Home", "/home/bob",
            "Locked", "false", "PasswordSet", "false", "EmptyPassword", "true", "LastChange", "19501")),
        // gid 4242 has no group entry: an empty name keeps ids and names aligned; its shadow line is malformed
        new LocalUsers.User("4242", "", "998", "svc", Map.of("Shell", "/usr/sbin/nologin", "Home", "/nonexistent")),
        // no shadow entry, but the passwd password field itself is empty
        new LocalUsers.User("0", "root", "0", "iot", Map.of("Shell", "/bin/sh", "Home", "/root", "Gecos", "no password",
            "Locked", "false", "PasswordSet", "false", "EmptyPassword", "true")));
    assertThat(collector.problems()).containsExactly(
        "/etc/passwd:6: expected 7 ':'-separated fields, found 1",
        "/etc/passwd:7: uid 'abc' of user 'eve' is not a number",
        "/etc/group:8: gid 'notanumber' of group 'bad' is not a number",
        "/etc/shadow:5: expected 9 ':'-separated fields, found 3");
  }

  @Test
  void aMissingPasswdMakesTheCollectorUnavailable(@TempDir Path root) {
    assertThatThrownBy(() -> new LocalUsersCollector(at(root)).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no /etc/passwd under " + root + ": local users cannot be listed");
  }

  @Test
  void withoutShadowAndGroupTheUsersStillComeWithTheirPrimaryGroupId(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    LocalUsersCollector collector = new LocalUsersCollector(at(root));
    assertThat(users(collector)).containsExactly(
        new LocalUsers.User("0", "", "0", "root", Map.of("Shell", "/bin/sh", "Home", "/root")));
    assertThat(collector.problems()).containsExactly(
        "no /etc/group under " + root + ": group names and supplementary groups are unknown",
        "no /etc/shadow under " + root + ": password states are unknown");
  }

  @Test
  void noPasswordHashReachesTheEventsOrTheProblems() throws Exception {
    LocalUsersCollector collector = new LocalUsersCollector(at(fixture()));
    String everything = users(collector).toString() + collector.problems();
    assertThat(everything).doesNotContain("fixturehash", "HASHSECRET", "$6$");
  }

  /** Every account of this host, with the groups {@code id} reports through the name service (files on Debian). */
  @Test
  void realHostUsersMatchTheIdCommand() throws Exception {
    LocalUsersCollector collector = new LocalUsersCollector(at(Path.of("/")));
    List<LocalUsers.User> users = users(collector);
    assertThat(users).extracting(LocalUsers.User::userName).contains("root");
    assertThat(users).filteredOn(u -> u.userName().equals("root")).first().satisfies(root -> {
      assertThat(root.userId()).isEqualTo("0");
      assertThat(root.groupIds().split(";")[0]).isEqualTo("0");
      assertThat(root.extraDetails()).containsKeys("Shell", "Home", "Locked", "PasswordSet");
    });
    for (LocalUsers.User u : users) {
      assertThat(Arrays.asList(u.groupIds().split(";"))).as("groups of %s", u.userName())
          .containsExactlyInAnyOrderElementsOf(Arrays.asList(run("id", "-G", u.userName()).split(" ")));
      assertThat(u.userId()).isEqualTo(run("id", "-u", u.userName()));
    }
    assertThat(collector.problems()).isEmpty();
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as("%s: %s", List.of(command), out).isZero();
    return out;
  }

  /** The events survive the wire format unchanged: the hub refuses what the schema refuses. */
  private static void assertWireRoundTrip(List<SecurityEvent> events) throws Exception {
    var codec = new io.vigil.wire.SecurityMessageCodec();
    var message = io.vigil.model.event.SecurityMessage.of("0.1.0", java.util.UUID.randomUUID().toString(), events);
    assertThat(codec.decode(codec.encode(message)).events()).isEqualTo(events);
  }
}
