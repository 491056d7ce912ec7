package io.vigil.agent.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.ConnectionCreate.Connection;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessCreate.Process;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hit counts, windows, settings, the bound and flushing, with a fake time moved by hand. */
class AggregatorTest {
  /** The defaults, but holding each first occurrence until its window ends (as the old agent did). */
  static final AggregationSettings HOLDING = new AggregationSettings(
      AggregationSettings.defaults().intervalByCollector(), AggregationSettings.defaults().enabledCollectors());

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final List<EventHeader> headers = new ArrayList<>();
  Instant now = T0;

  Aggregator aggregator(AggregationSettings settings) {
    return new Aggregator(settings, () -> {
      EventHeader h = EventHeader.at(now, ZoneOffset.UTC);
      headers.add(h);
      return h;
    });
  }

  @Test
  void hitCountAndFirstAndLastSeenAreExactAndTheFirstOccurrenceIsKept() {
    Aggregator a = aggregator(HOLDING);
    a.offer("process", List.of(started(proc("/bin/sh", 10, "a"))), T0);
    a.offer("process", List.of(started(proc("/bin/sh", 11, "a"), proc("/bin/sh", 12, "a"))), T0.plusSeconds(5));
    a.offer("process", List.of(started(proc("/bin/sh", 13, "a"))), T0.plusMillis(59_999));

    List<SecurityEvent> flushed = a.flushDue(T0.plusSeconds(60));

    assertThat(flushed).hasSize(1);
    ProcessCreate event = (ProcessCreate) flushed.getFirst();
    assertThat(event.header()).isSameAs(headers.getFirst());
    assertThat(event.payload()).containsExactly(new Process("/bin/sh", 10, 1, "0", "root", "a",
        Map.of("HitCount", "4", "FirstSeen", "2026-01-01T00:00:00Z", "LastSeen", "2026-01-01T00:00:59.999Z")));
    assertThat(a.openCount()).isZero();
  }

  @Test
  void theKeptItemsOwnExtraDetailsSurvive() {
    Aggregator a = aggregator(HOLDING);
    Process first = new Process("/bin/sh", 10, 1, "0", "root", "a", Map.of("CurrentDirectory", "/root"));
    Connection conn = new Connection("10.0.0.2", "443", "10.0.0.1", "50000", Direction.OUT, "TCP", 20, "0",
        "/usr/bin/curl", "curl x", Map.of("RemoteHost", "example.org"));
    a.offer("process", List.of(started(first, proc("/bin/sh", 11, "a"))), T0);
    a.offer("network", List.of(new ConnectionCreate(header(), List.of(conn))), T0);

    List<SecurityEvent> flushed = a.flushAll();

    assertThat(((ProcessCreate) flushed.get(0)).payload().getFirst().extraDetails()).isEqualTo(Map.of(
        "CurrentDirectory", "/root", "HitCount", "2", "FirstSeen", T0.toString(), "LastSeen", T0.toString()));
    assertThat(((ConnectionCreate) flushed.get(1)).payload()).containsExactly(new Connection("10.0.0.2", "443",
        "10.0.0.1", "50000", Direction.OUT, "TCP", 20, "0", "/usr/bin/curl", "curl x", Map.of("RemoteHost",
        "example.org", "HitCount", "1", "FirstSeen", T0.toString(), "LastSeen", T0.toString())));
  }

  @Test
  void aWindowLastsTheIntervalFromItsFirstOccurrence() {
    Aggregator a = aggregator(HOLDING);
    a.offer("process", List.of(started(proc("/bin/sh", 10, "a"))), T0);
    a.offer("process", List.of(started(proc("/bin/sh", 11, "b"))), T0.plusSeconds(30));

    assertThat(a.flushDue(T0.plusMillis(59_999))).isEmpty();
    assertThat(commandLines(a.flushDue(T0.plusSeconds(60)))).containsExactly("a");
    assertThat(a.flushDue(T0.plusMillis(89_999))).isEmpty();
    assertThat(commandLines(a.flushDue(T0.plusSeconds(90)))).containsExactly("b");
    assertThat(a.flushDue(T0.plusSeconds(1000))).isEmpty();
  }

  @Test
  void anOccurrenceAfterItsWindowEndedFlushesTheOldWindowAndOpensANewOne() {
    Aggregator a = aggregator(HOLDING);
    a.offer("process", List.of(started(proc("/bin/sh", 10, "a"))), T0);
    a.offer("process", List.of(started(proc("/bin/sh", 11, "a"))), T0.plusSeconds(1));

    List<SecurityEvent> early = a.offer("process", List.of(started(proc("/bin/sh", 12, "a"))), T0.plusSeconds(60));

    assertThat(early).hasSize(1);
    Process old = ((ProcessCreate) early.getFirst()).payload().getFirst();
    assertThat(old.processId()).isEqualTo(10);
    assertThat(old.extraDetails()).containsEntry("HitCount", "2").containsEntry("LastSeen", "2026-01-01T00:00:01Z");
    assertThat(a.flushDue(T0.plusMillis(119_999))).isEmpty();
    Process renewed = ((ProcessCreate) a.flushDue(T0.plusSeconds(120)).getFirst()).payload().getFirst();
    assertThat(renewed.processId()).isEqualTo(12);
    assertThat(renewed.extraDetails()).containsEntry("HitCount", "1").containsEntry("FirstSeen", "2026-01-01T00:01:00Z");
  }

  @Test
  void eventsOfADisabledCollectorAndOfOtherKindsPassThroughUnchanged() {
    Aggregator a = aggregator(new AggregationSettings(Map.of(), Set.of("network")));
    ProcessCreate start = started(proc("/bin/sh", 10, "a"));
    ProcessTerminate exit = new ProcessTerminate(header(), List.of(new ProcessTerminate.Process("/bin/sh", 10, 0, Map.of())));

    assertThat(a.offer("process", List.of(start, exit, start), T0)).containsExactly(start, exit, start);
    assertThat(a.offer("network", List.of(exit), T0)).containsExactly(exit);
    assertThat(a.openCount()).isZero();
    assertThat(a.offer("network", List.of(start, exit), T0)).containsExactly(exit);
    assertThat(a.openCount()).isOne();
  }

  @Test
  void eachCollectorHasItsOwnInterval() {
    Aggregator a = aggregator(new AggregationSettings(
        Map.of("process", Duration.ofSeconds(10)), Set.of("process", "network")));
    a.offer("process", List.of(started(proc("/bin/sh", 10, "p"))), T0);
    a.offer("network", List.of(started(proc("/bin/sh", 10, "n"))), T0);

    assertThat(commandLines(a.flushDue(T0.plusSeconds(10)))).containsExactly("p");
    assertThat(a.flushDue(T0.plusMillis(59_999))).isEmpty();
    assertThat(commandLines(a.flushDue(T0.plusSeconds(60)))).containsExactly("n");
  }

  @Test
  void beyondTheBoundTheOldestWindowIsFlushedEarly() {
    Aggregator a = aggregator(new AggregationSettings(Map.of(), Set.of("process"), 3));
    a.offer("process", List.of(started(proc("/bin/sh", 1, "a"), proc("/bin/sh", 2, "b"), proc("/bin/sh", 3, "c"))), T0);
    a.offer("process", List.of(started(proc("/bin/sh", 4, "a"))), T0.plusSeconds(1));

    List<SecurityEvent> early = a.offer("process", List.of(started(proc("/bin/sh", 5, "d"))), T0.plusSeconds(2));

    assertThat(commandLines(early)).containsExactly("a");
    assertThat(((ProcessCreate) early.getFirst()).payload().getFirst().extraDetails()).containsEntry("HitCount", "2");
    assertThat(a.openCount()).isEqualTo(3);
    assertThat(commandLines(a.flushAll())).containsExactly("b", "c", "d");
  }

  @Test
  void flushAllClosesEveryWindowInFirstSeenOrder() {
    Aggregator a = aggregator(HOLDING);
    a.offer("process", List.of(started(proc("/bin/sh", 1, "c"), proc("/bin/sh", 2, "a"))), T0);
    a.offer("process", List.of(started(proc("/bin/sh", 3, "b"), proc("/bin/sh", 4, "c"), proc("/bin/sh", 5, "a"))),
        T0.plusSeconds(1));

    assertThat(commandLines(a.flushAll())).containsExactly("c", "a", "b");
    assertThat(a.openCount()).isZero();
    assertThat(a.flushAll()).isEmpty();
  }

  @Test
  void flushedItemsAreSplitIntoEventsOfAtMost200() {
    Aggregator a = aggregator(HOLDING);
    List<Process> items = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      items.add(proc("/bin/sh", i, "cmd " + i));
    }
    a.offer("process", List.of(new ProcessCreate(header(), items)), T0);

    List<SecurityEvent> flushed = a.flushDue(T0.plusSeconds(60));

    assertThat(flushed).extracting(e -> e.payload().size()).containsExactly(200, 200, 50);
    assertThat(flushed).extracting(SecurityEvent::header).containsExactlyElementsOf(headers);
    assertThat(headers).extracting(EventHeader::id).doesNotHaveDuplicates();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      expected.add("cmd " + i);
    }
    assertThat(commandLines(flushed)).containsExactlyElementsOf(expected);
  }

  @Test
  void byDefaultTheFirstOccurrencePassesAtOnceAndTheWindowReportsOnlyRepeats() {
    Aggregator a = aggregator(AggregationSettings.defaults());
    List<SecurityEvent> now0 = a.offer("process", List.of(started(proc("/tmp/xmrig", 10, "xmrig"), proc("/bin/ls", 11, "ls"))), T0);
    assertThat(commandLines(now0)).containsExactly("xmrig", "ls");
    assertThat(((ProcessCreate) now0.getFirst()).payload().getFirst().extraDetails()).doesNotContainKey("HitCount");
    assertThat(a.offer("process", List.of(started(proc("/tmp/xmrig", 12, "xmrig"))), T0.plusSeconds(10))).isEmpty();
    assertThat(a.offer("process", List.of(started(proc("/tmp/xmrig", 13, "xmrig"))), T0.plusSeconds(20))).isEmpty();

    List<SecurityEvent> flushed = a.flushDue(T0.plusSeconds(60));
    // Only the repeated item is reported, standing for its 2 repeats; 'ls' did not repeat.
    assertThat(flushed).singleElement().satisfies(e -> assertThat(((ProcessCreate) e).payload()).containsExactly(
        new Process("/tmp/xmrig", 10, 1, "0", "root", "xmrig",
            Map.of("HitCount", "2", "FirstSeen", "2026-01-01T00:00:10Z", "LastSeen", "2026-01-01T00:00:20Z"))));
    assertThat(a.openCount()).isZero();
  }

  private static List<String> commandLines(List<SecurityEvent> events) {
    return events.stream().flatMap(e -> ((ProcessCreate) e).payload().stream()).map(Process::commandLine).toList();
  }

  private static ProcessCreate started(Process... processes) {
    return new ProcessCreate(header(), List.of(processes));
  }

  private static Process proc(String exe, long pid, String cmd) {
    return new Process(exe, pid, 1, "0", "root", cmd, Map.of());
  }

  private static EventHeader header() {
    return new EventHeader(UUID.randomUUID().toString(), T0, T0.atOffset(ZoneOffset.UTC));
  }
}
