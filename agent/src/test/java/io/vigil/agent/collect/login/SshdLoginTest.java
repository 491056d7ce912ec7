package io.vigil.agent.collect.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.Login;
import io.vigil.model.event.SecurityEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a real sshd on a random loopback port, a real ssh client failing to log in as a user
 * that does not exist, and the collector reporting the failures from sshd's own log ({@code -E},
 * followed through {@link LoginSettings#withAuthLogFile}) and from the btmp records sshd writes.
 *
 * <p>sshd runs in a mount namespace of its own, where a fixture root's btmp and wtmp are mounted
 * over the host's and a tmpfs over /run (for its privilege separation directory): the host's
 * files stay untouched, and the collector reads the fixture root. Creates no user. Needs root,
 * {@code unshare} (util-linux) and the Debian packages openssh-server, openssh-client and sshpass;
 * skipped without them.
 */
class SshdLoginTest {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");

  @TempDir Path dir;

  @Test
  void failedLoginsOfAnUnknownUserAgainstARealSshdAreReported() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(SSHD)
        && Files.isExecutable(Path.of("/usr/bin/sshpass")) && Files.isExecutable(Path.of("/usr/bin/ssh"))
        && Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isRegularFile(Path.of("/var/log/btmp"))
        && Files.isRegularFile(Path.of("/var/log/wtmp")),
        "needs root, unshare, /var/log/btmp and wtmp, and the packages openssh-server, openssh-client and sshpass");
    String user = "vigil-nosuch-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    assertThat(run(List.of("id", user))).as("the test user must not exist").isNotZero();
    Path root = Files.createDirectories(dir.resolve("root"));
    Path logs = Files.createDirectories(root.resolve("var/log"));
    Files.write(logs.resolve("btmp"), new byte[0]);
    // sshd writes btmp only if nobody else may read it, as on a real system
    Files.setPosixFilePermissions(logs.resolve("btmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    Files.write(logs.resolve("wtmp"), new byte[0]);
    Path log = logs.resolve("sshd.log");
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("hostkey").toString()));
    Files.writeString(dir.resolve("sshd_config"), "HostKey " + dir.resolve("hostkey") + "\nPidFile " + dir.resolve("pid")
        + "\nUsePAM no\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\nLogLevel INFO\n");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    String script = "mount --bind \"$1\" /var/log/btmp && mount --bind \"$2\" /var/log/wtmp"
        + " && mount -t tmpfs -o size=1m tmpfs /run && mkdir /run/sshd"
        + " && exec " + SSHD + " -D -f \"$3\" -p \"$4\" -o ListenAddress=127.0.0.1 -E \"$5\"";
    Process sshd = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
        logs.resolve("btmp").toString(), logs.resolve("wtmp").toString(), dir.resolve("sshd_config").toString(),
        Integer.toString(port), log.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.out").toFile()).start();
    try (LoginCollector collector = new LoginCollector(new CollectorContext(root, Clock.systemUTC(), ZoneOffset.UTC),
        LoginSettings.defaults().withAuthLogFile("/var/log/sshd.log"))) {
      Instant deadline = Instant.now().plusSeconds(20);
      while (!(Files.exists(log) && Files.readString(log).contains("Server listening")) && Instant.now().isBefore(deadline)) {
        assertThat(sshd.isAlive()).as("sshd runs: %s", Files.readString(dir.resolve("sshd.out"))).isTrue();
        Thread.sleep(50);
      }
      assertThat(collector.collect()).isEmpty();

      run(List.of("sshpass", "-p", "wrong-password", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
          "-o", "UserKnownHostsFile=/dev/null", "-o", "PreferredAuthentications=password",
          "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=10", "-p", Integer.toString(port),
          user + "@127.0.0.1", "true"));

      List<Login.Attempt> fromLog = new ArrayList<>();
      List<Login.Attempt> fromBtmp = new ArrayList<>();
      deadline = Instant.now().plusSeconds(20);
      while ((fromLog.size() < 3 || fromBtmp.isEmpty()) && Instant.now().isBefore(deadline)) {
        for (SecurityEvent e : collector.collect()) {
          for (Login.Attempt a : ((Login) e).payload()) {
            assertThat(a.userName()).isEqualTo(user);
            (a.extraDetails().get("Source").equals("btmp") ? fromBtmp : fromLog).add(a);
          }
        }
        Thread.sleep(50);
      }
      assertThat(fromLog).extracting(a -> a.extraDetails().get("Reason"))
          .containsExactly("InvalidUser", "AuthenticationFailure", "ClosedBeforeAuthentication");
      String clientPort = fromLog.getFirst().remotePort();
      assertThat(fromLog).allSatisfy(a -> {
        assertThat(a.processId()).isZero(); // sshd's -E lines carry no pid
        assertThat(a.operation()).isEqualTo("LoginFailed");
        assertThat(a.result()).isEqualTo(Login.Result.FAIL);
        assertThat(a.executable()).isEqualTo("sshd");
        assertThat(a.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(a.remotePort()).isEqualTo(clientPort).matches("\\d+");
        assertThat(a.localPort()).isNull();
        assertThat(a.userId()).isNull();
      });
      assertThat(fromLog.get(1).extraDetails()).isEqualTo(Map.of("Method", "password", "Reason", "AuthenticationFailure",
          "InvalidUser", "true", "Source", "sshd.log"));
      assertThat(fromBtmp).as("sshd's btmp records").isNotEmpty().allSatisfy(a -> {
        assertThat(a.processId()).isPositive();
        assertThat(a.operation()).isEqualTo("LoginFailed");
        assertThat(a.result()).isEqualTo(Login.Result.FAIL);
        assertThat(a.executable()).isEqualTo("sshd");
        assertThat(a.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(a.remotePort()).isNull();
        assertThat(a.extraDetails()).containsEntry("Tty", "ssh:notty").containsEntry("Source", "btmp")
            .containsKey("Time").doesNotContainKey("Host");
      });
      assertThat(collector.problems()).allMatch(p -> p.contains("no syslog prefix"));
    } finally {
      sshd.destroy();
      sshd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
    return p.exitValue();
  }
}
