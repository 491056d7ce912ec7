package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class KnownProcessesTest {
  @Test
  void forkedChildrenInheritTheParentsExecutableUntilTheyExec() {
    KnownProcesses known = new KnownProcesses(pid -> true);
    known.existing(1, "/sbin/init");
    known.forked(10, 1);
    assertThat(known.executable(10)).contains("/sbin/init");
    assertThat(known.parent(10)).isEqualTo(OptionalInt.of(1));
    known.started(10, "/bin/sh", 1);
    known.existing(10, "/stale"); // what ran before the start never overrides what was seen since
    assertThat(known.exited(10)).contains("/bin/sh");
    assertThat(known.exited(10)).isEmpty();
    assertThat(known.parent(1)).isEmpty();
    known.forked(11, 99); // unknown parent
    assertThat(known.executable(11)).isEqualTo(Optional.empty());
  }

  @Test
  void entriesOfProcessesWhoseExitWasLostArePruned() {
    KnownProcesses known = new KnownProcesses(pid -> pid % 2 == 0);
    for (int pid = 1; pid <= (1 << 16) + 1; pid++) {
      known.started(pid, "/bin/x", 1);
    }
    assertThat(known.size()).as("the even pids of 1..65537").isEqualTo(1 << 15);
    assertThat(known.executable(2)).contains("/bin/x");
    assertThat(known.executable(3)).isEmpty();
  }
}
