package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's self-contained distribution, as the Maven build makes it: its size, that it runs on
 * its own runtime, and that a build with only some collectors leaves the others out.
 */
class DistributionIT {
  private static final Path AGENT_TARGET = Path.of("..", "agent", "target");
  private static final long MAX_UNPACKED_BYTES = 45_000_000;
  @TempDir Path dir;

  private record Run(int exitCode, String out) {}

  private static Run run(Path cwd, List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static Path tarball() throws IOException {
    try (Stream<Path> files = Files.list(AGENT_TARGET)) {
      return files.filter(f -> f.getFileName().toString().matches("vigil-agent-.*-linux-.*\\.tar\\.gz")).findFirst()
          .orElseThrow(() -> new AssertionError("no agent distribution in " + AGENT_TARGET.toAbsolutePath()));
    }
  }

  private static long size(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  @Test
  void theTarballRunsOnItsOwnRuntimeAndFitsTheSizeTarget() throws Exception {
    assertThat(run(dir, List.of("tar", "-xzf", tarball().toAbsolutePath().toString())).exitCode()).isZero();
    Path root = dir.resolve("vigil-agent");
    long bytes = size(root);
    System.out.println("agent distribution: " + bytes + " bytes unpacked");
    assertThat(bytes).isLessThanOrEqualTo(MAX_UNPACKED_BYTES);
    assertThat(root.resolve("systemd/vigil-agent.service")).content().contains("ExecStart=/opt/vigil-agent/bin/vigil-agent --config /etc/vigil/agent.json");
    assertThat(root.resolve("install.sh")).isExecutable();
    Run once = run(root, List.of("bin/vigil-agent", "--once", "--collectors", "system_information,local_users"));
    assertThat(once.exitCode()).as(once.out()).isZero();
    assertThat(once.out()).contains("\"Category\":\"Periodic\"").contains("SystemInformation").contains("LocalUsers");
    // The runtime holds only what the agent needs.
    Run modules = run(root, List.of("runtime/bin/java", "--list-modules"));
    assertThat(modules.out().lines().map(l -> l.replaceAll("@.*", "")).toList()).containsExactlyInAnyOrder("java.base", "java.logging");
  }

  @Test
  void aBuildWithSomeCollectorsLeavesTheOthersOut() throws Exception {
    Path target = dir.resolve("target");
    Files.createDirectories(target.resolve("dist-lib"));
    String version;
    try (Stream<Path> jars = Files.list(AGENT_TARGET.resolve("dist-lib"))) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, target.resolve("dist-lib").resolve(jar.getFileName()));
      }
    }
    try (Stream<Path> files = Files.list(AGENT_TARGET)) {
      Path agentJar = files.filter(f -> f.getFileName().toString().matches("vigil-agent-[^-].*\\.jar")
          && !f.getFileName().toString().contains("sources")).findFirst().orElseThrow();
      Files.copy(agentJar, target.resolve(agentJar.getFileName()));
      version = agentJar.getFileName().toString().replaceAll("^vigil-agent-(.*)\\.jar$", "$1");
    }
    Path script = Path.of("..", "agent", "src", "dist", "build-dist.sh").toAbsolutePath();
    Run unknown = run(dir, List.of("bash", script.toString(), version, target.toString(), System.getProperty("java.home"), "process,teleport"));
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.out()).contains("vigil.agent.collectors: unknown collector 'teleport'; known: process network");
    Run build = run(dir, List.of("bash", script.toString(), version, target.toString(), System.getProperty("java.home"), "process,login"));
    assertThat(build.exitCode()).as(build.out()).isZero();
    Path root = target.resolve("dist/vigil-agent");
    Run jar = run(dir, List.of("unzip", "-l", root.resolve("lib/vigil-agent-" + version + ".jar").toString()));
    assertThat(jar.out()).contains("io/vigil/agent/collect/process/").contains("io/vigil/agent/collect/login/")
        .doesNotContain("io/vigil/agent/collect/sbom/").doesNotContain("io/vigil/agent/collect/baseline/");
    Run help = run(root, List.of("bin/vigil-agent", "--help"));
    assertThat(help.out()).contains("run only these collectors (default: all): process, login, heartbeat");
    Run sbom = run(root, List.of("bin/vigil-agent", "--once", "--collectors", "sbom"));
    assertThat(sbom.exitCode()).isEqualTo(1);
    assertThat(sbom.out()).contains("vigil: --collectors: unknown collector 'sbom'; available: process, login, heartbeat");
    Run login = run(root, List.of("bin/vigil-agent", "--once", "--collectors", "login"));
    assertThat(login.exitCode()).as(login.out()).isZero();
  }
}
