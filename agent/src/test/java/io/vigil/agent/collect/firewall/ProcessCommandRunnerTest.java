package io.vigil.agent.collect.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
  private final CommandRunner runner = CommandRunner.system(Duration.ofMillis(500));

  @Test
  void locatesInstalledToolsOnly() {
    assertThat(runner.locate("sh")).hasValueSatisfying(p -> assertThat(p).endsWith("/sh"));
    assertThat(runner.locate("vigil-no-such-tool")).isEmpty();
  }

  @Test
  void returnsTheExitCodeAndBothOutputs() throws IOException {
    String sh = runner.locate("sh").orElseThrow();
    CommandRunner.Output out = runner.run(List.of(sh, "-c", "echo out; echo err >&2; exit 3"));
    assertThat(out).isEqualTo(new CommandRunner.Output(3, "out\n", "err\n"));
  }

  @Test
  void readsLargeOutputWithoutBlocking() throws IOException {
    String sh = runner.locate("sh").orElseThrow();
    CommandRunner.Output out = runner.run(List.of(sh, "-c", "head -c 1000000 /dev/zero | tr '\\0' x"));
    assertThat(out.stdout()).hasSize(1_000_000);
  }

  @Test
  void killsACommandThatOverrunsTheTimeout() {
    String sleep = runner.locate("sleep").orElseThrow();
    assertThatThrownBy(() -> runner.run(List.of(sleep, "30")))
        .isInstanceOf(IOException.class)
        .hasMessage("'" + sleep + " 30' did not finish within 500 ms and was killed");
  }

  @Test
  void aMissingProgramIsAnIoException() {
    assertThatThrownBy(() -> runner.run(List.of("/nonexistent/vigil-tool")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/nonexistent/vigil-tool");
  }
}
