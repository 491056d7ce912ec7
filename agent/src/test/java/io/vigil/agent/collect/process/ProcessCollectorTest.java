package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process collector on the fixture tree, in polling mode (netlink reports only the live system). */
class ProcessCollectorTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir Path root;
  private CollectorContext ctx;

  @BeforeEach
  void fixture() throws Exception {
    FixtureTree.copy("root", root);
    ctx = new CollectorContext(root, Clock.fixed(NOW, BERLIN), BERLIN);
  }

  @AfterEach
  void clean() {
    FixtureTree.clean(root);
  }

  private static ProcessSettings polling(int maxBuffered) {
    return new ProcessSettings(ProcessSettings.Mode.POLLING, Duration.ofMillis(5), maxBuffered);
  }

  /** Collects until {@code done} holds for everything collected so far; 30 s at most. */
  private static List<SecurityEvent> collectUntil(ProcessCollector c, Predicate<List<SecurityEvent>> done) throws Exception {
    List<SecurityEvent> all = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(30);
    while (!done.test(all) && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
      all.addAll(c.collect());
    }
    return all;
  }

  private static long items(List<SecurityEvent> events) {
    return events.stream().mapToLong(e -> e.payload().size()).sum();
  }

  @Test
  void pollingReportsEveryFieldOfStartsAndExits() throws Exception {
    try (ProcessCollector c = new ProcessCollector(ctx, polling(100))) {
      assertThat(c.name()).isEqualTo("process");
      assertThat(c.activeSource()).isEmpty();
      assertThat(c.collect()).isEmpty();
      assertThat(c.activeSource()).contains(ProcessCollector.Source.POLLING);
      assertThat(c.fallbackReason()).isEmpty();

      FixtureTree.start("started", 4242, root);
      List<SecurityEvent> started = collectUntil(c, all -> items(all) >= 1);
      assertThat(started).singleElement().isInstanceOfSatisfying(ProcessCreate.class, e -> {
        assertThat(e.header().id()).hasSize(36);
        assertThat(e.header().timestampUtc()).isEqualTo(NOW);
        assertThat(e.header().timestampLocal()).isEqualTo(OffsetDateTime.of(2026, 1, 2, 4, 4, 5, 0, ZoneOffset.ofHours(1)));
        assertThat(e.payload()).containsExactly(PollingProcessSourceTest.MINER);
      });

      FixtureTree.stop(4242, root);
      List<SecurityEvent> exited = collectUntil(c, all -> items(all) >= 1);
      assertThat(exited).singleElement().isInstanceOfSatisfying(ProcessTerminate.class, e -> {
        assertThat(e.header().timestampUtc()).isEqualTo(NOW);
        assertThat(e.payload()).containsExactly(new ProcessTerminate.Process("/tmp/.x/xmrig", 4242, -1,
            Map.of("Source", "Polling", "ExitStatusKnown", "false")));
      });

      FixtureTree.start("started", 4243, root);
      collectUntil(c, all -> items(all) >= 1);
      assertThat(c.statistics()).isEqualTo(new ProcessCollector.Statistics(0, 0, 0, 1));
    }
  }

  @Test
  void autoModeOnAFixtureRootPollsAndSaysWhy() throws Exception {
    try (ProcessCollector c = new ProcessCollector(ctx)) {
      c.collect();
      assertThat(c.activeSource()).contains(ProcessCollector.Source.POLLING);
      assertThat(c.fallbackReason()).contains(
          "the root " + root + " is not the running system, whose processes netlink reports");
    }
  }

  @Test
  void netlinkModeRefusesAFixtureRoot() {
    ProcessCollector c = new ProcessCollector(ctx, new ProcessSettings(ProcessSettings.Mode.NETLINK, Duration.ofMillis(100), 10));
    assertThatThrownBy(c::collect)
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("Process_Mode Netlink reports the running system's processes, but the root is " + root
            + "; use Polling to read " + root.resolve("proc"));
    assertThat(c.activeSource()).isEmpty();
  }

  @Test
  void aMountedImageHasNoProcessData() {
    Path image = root.resolve("etc"); // any tree without proc
    ProcessCollector c = new ProcessCollector(new CollectorContext(image, Clock.fixed(NOW, BERLIN), BERLIN));
    assertThatThrownBy(c::collect)
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no " + image.resolve("proc") + ": process data exists only on a running system");
  }

  @Test
  void aProcThatDisappearsStopsPollingWithTheReason() throws Exception {
    try (ProcessCollector c = new ProcessCollector(ctx, polling(100))) {
      c.collect();
      Files.move(root.resolve("proc"), root.resolve("proc.old"));
      Instant deadline = Instant.now().plusSeconds(30);
      CollectorUnavailableException failure = null;
      while (failure == null && Instant.now().isBefore(deadline)) {
        try {
          c.collect();
          Thread.sleep(10);
        } catch (CollectorUnavailableException e) {
          failure = e;
        }
      }
      assertThat(failure).hasMessage("cannot list processes in " + root.resolve("proc") + ": it does not exist");
    }
  }

  @Test
  void aFullBufferDropsAndCounts() throws Exception {
    try (ProcessCollector c = new ProcessCollector(ctx, polling(1))) {
      c.collect();
      FixtureTree.stop(300, root);
      FixtureTree.start("started", 4242, root);
      Instant deadline = Instant.now().plusSeconds(30);
      while (c.statistics().dropped() == 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(10);
      }
      assertThat(c.statistics().dropped()).isEqualTo(1);
      assertThat(c.collect()).singleElement().satisfies(e -> assertThat(e.payload()).hasSize(1));
    }
  }

  @Test
  void changesBecomeEventsOfAtMost200ItemsInTheOrderSeen() {
    Instant t0 = Instant.parse("2026-06-01T10:00:00Z");
    List<ProcessChange> changes = new ArrayList<>();
    IntStream.range(0, 450).forEach(i -> changes.add(new ProcessChange.Started(t0.plusMillis(i),
        new ProcessCreate.Process("/bin/true", 1000 + i, 1, "0", "root", "/bin/true " + i, Map.of()))));
    changes.add(new ProcessChange.Exited(t0.plusSeconds(1), new ProcessTerminate.Process("/bin/true", 1000, 0, Map.of())));
    changes.add(new ProcessChange.Started(t0.plusSeconds(2),
        new ProcessCreate.Process("/bin/false", 2000, 1, "0", "root", "/bin/false", Map.of())));

    List<SecurityEvent> events = ProcessCollector.events(changes, BERLIN);
    assertThat(events).extracting(e -> e.getClass().getSimpleName() + " " + e.payload().size() + " " + e.header().timestampUtc())
        .containsExactly(
            "ProcessCreate 200 2026-06-01T10:00:00Z",
            "ProcessCreate 200 2026-06-01T10:00:00.200Z",
            "ProcessCreate 51 2026-06-01T10:00:00.400Z",
            "ProcessTerminate 1 2026-06-01T10:00:01Z");
    assertThat(((ProcessCreate) events.get(2)).payload().getLast().executable()).isEqualTo("/bin/false");
    assertThat(events.get(3).header().timestampLocal().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(ProcessCollector.events(List.of(), BERLIN)).isEmpty();
  }
}
