package io.vigil.agent.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.ConnectionCreate.Connection;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessCreate.Process;
import io.vigil.model.event.SecurityEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which fields make two items the same occurrence, one test per field. */
class AggregatorIdentityTest {
  /** The defaults, but holding each first occurrence until its window ends (as the old agent did). */
  static final AggregationSettings HOLDING = new AggregationSettings(
      AggregationSettings.defaults().intervalByCollector(), AggregationSettings.defaults().enabledCollectors());

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Process P = new Process("/bin/sh", 10, 1, "0", "root", "sh -c true", Map.of());
  static final Connection C = new Connection(
      "10.0.0.2", "443", "10.0.0.1", "50000", Direction.OUT, "TCP", 20, "0", "/usr/bin/curl", "curl x", Map.of());

  // Processes: what must not matter.
  @Test
  void processesDifferingOnlyInPidCollapse() {
    assertCollapses(P, proc(P.executable(), 11, P.parentProcessId(), P.userId(), P.userName(), P.commandLine()));
  }

  @Test
  void processesDifferingOnlyInParentPidCollapse() {
    assertCollapses(P, proc(P.executable(), P.processId(), 99, P.userId(), P.userName(), P.commandLine()));
  }

  @Test
  void processesDifferingOnlyInUserNameCollapse() {
    assertCollapses(P, proc(P.executable(), P.processId(), P.parentProcessId(), P.userId(), null, P.commandLine()));
  }

  @Test
  void processesDifferingOnlyInExtraDetailsCollapse() {
    assertCollapses(P, new Process(P.executable(), P.processId(), P.parentProcessId(), P.userId(), P.userName(),
        P.commandLine(), Map.of("CurrentDirectory", "/tmp")));
  }

  @Test
  void incompleteProcessesOfOneParentCollapse() {
    Map<String, String> incomplete = Map.of("Incomplete", "true", "Source", "Netlink");
    assertCollapses(new Process("[unknown]", 20, 7, "", null, "", incomplete), new Process("[unknown]", 21, 7, "", null, "",
        Map.of("Incomplete", "true", "StartTime", "2026-01-01T00:00:01Z")));
  }

  // Processes: what must matter.
  @Test
  void incompleteProcessesOfAnotherParentStaySeparate() {
    // Nothing but the parent tells them apart; merged, the count of one parent's children would go to the other.
    Map<String, String> incomplete = Map.of("Incomplete", "true");
    assertSeparate(new Process("[unknown]", 20, 7, "", null, "", incomplete), new Process("[unknown]", 21, 8, "", null, "",
        incomplete));
  }

  @Test
  void processesWithAnotherExecutableStaySeparate() {
    assertSeparate(P, proc("/bin/bash", P.processId(), P.parentProcessId(), P.userId(), P.userName(), P.commandLine()));
  }

  @Test
  void processesWithAnotherCommandLineStaySeparate() {
    assertSeparate(P, proc(P.executable(), P.processId(), P.parentProcessId(), P.userId(), P.userName(), "sh -c false"));
  }

  @Test
  void processesOfAnotherUserStaySeparate() {
    assertSeparate(P, proc(P.executable(), P.processId(), P.parentProcessId(), "1000", P.userName(), P.commandLine()));
  }

  // Connections: what must not matter.
  @Test
  void connectionsDifferingOnlyInLocalPortCollapse() {
    assertCollapses(C, conn(C.remoteAddress(), C.remotePort(), C.localAddress(), "50001", C.direction(),
        C.protocol(), C.processId(), C.userId(), C.executable(), C.commandLine()));
  }

  @Test
  void connectionsDifferingOnlyInPidCollapse() {
    assertCollapses(C, conn(C.remoteAddress(), C.remotePort(), C.localAddress(), C.localPort(), C.direction(),
        C.protocol(), 21, C.userId(), C.executable(), C.commandLine()));
  }

  @Test
  void connectionsWithUnknownUserAndCommandLineCollapseWithEachOther() {
    Connection unknown = conn(C.remoteAddress(), C.remotePort(), null, null, C.direction(), C.protocol(),
        C.processId(), null, C.executable(), null);
    assertCollapses(unknown, unknown);
  }

  // Connections: what must matter.
  @Test
  void connectionsOfAnotherExecutableStaySeparate() {
    assertSeparate(C, conn(C.remoteAddress(), C.remotePort(), C.localAddress(), C.localPort(), C.direction(),
        C.protocol(), C.processId(), C.userId(), "/usr/bin/wget", C.commandLine()));
  }

  @Test
  void connectionsWithAnotherCommandLineStaySeparate() {
    assertSeparate(C, conn(C.remoteAddress(), C.remotePort(), C.localAddress(), C.localPort(), C.direction(),
        C.protocol(), C.processId(), C.userId(), C.executable(), "curl y"));
  }

  @Test
  void connectionsOfAnotherUserStaySeparate() {
    assertSeparate(C, conn(C.remoteAddress(), C.remotePort(), C.localAddress(), C.localPort(), C.direction(),
        C.protocol(), C.processId(), "1000", C.executable(), C.commandLine()));
  }

  @Test
  void connectionsInTheOtherDirectionStaySeparate() {
    assertSeparate(C, conn(C.remoteAddress(), C.remotePort(), C.localAddress(), C.localPort(), Direction.IN,
        C.protocol(), C.processId(), C.userId(), C.executable(), C.commandLine()));
  }

  @Test
  void connectionsFromAnotherLocalAddressStaySeparate() {
    assertSeparate(C, conn(C.remoteAddress(), C.remotePort(), "10.0.0.3", C.localPort(), C.direction(),
        C.protocol(), C.processId(), C.userId(), C.executable(), C.commandLine()));
  }

  @Test
  void connectionsToAnotherRemoteAddressStaySeparate() {
    assertSeparate(C, conn("10.0.0.4", C.remotePort(), C.localAddress(), C.localPort(), C.direction(),
        C.protocol(), C.processId(), C.userId(), C.executable(), C.commandLine()));
  }

  @Test
  void connectionsOverAnotherProtocolStaySeparate() {
    assertSeparate(C, conn(C.remoteAddress(), C.remotePort(), C.localAddress(), C.localPort(), C.direction(),
        "UDP", C.processId(), C.userId(), C.executable(), C.commandLine()));
  }

  @Test
  void connectionsToAnotherRemotePortStaySeparate() {
    assertSeparate(C, conn(C.remoteAddress(), "80", C.localAddress(), C.localPort(), C.direction(),
        C.protocol(), C.processId(), C.userId(), C.executable(), C.commandLine()));
  }

  @Test
  void identicalItemsOfTwoCollectorsStaySeparate() {
    Aggregator aggregator = new Aggregator(HOLDING, AggregatorIdentityTest::header);
    assertThat(aggregator.offer("process", List.of(wrap(P)), T0)).isEmpty();
    assertThat(aggregator.offer("network", List.of(wrap(P)), T0)).isEmpty();
    assertThat(aggregator.openCount()).isEqualTo(2);
  }

  private static void assertCollapses(Record first, Record second) {
    List<Record> items = aggregate(first, second);
    assertThat(items).hasSize(1);
    assertThat(extra(items.getFirst())).containsEntry("HitCount", "2");
  }

  private static void assertSeparate(Record first, Record second) {
    List<Record> items = aggregate(first, second);
    assertThat(items).hasSize(2);
    assertThat(items).allSatisfy(item -> assertThat(extra(item)).containsEntry("HitCount", "1"));
  }

  /** The items flushed after offering {@code first} then {@code second} to one collector. */
  private static List<Record> aggregate(Record first, Record second) {
    Aggregator aggregator = new Aggregator(HOLDING, AggregatorIdentityTest::header);
    String collector = first instanceof Process ? "process" : "network";
    assertThat(aggregator.offer(collector, List.of(wrap(first)), T0)).isEmpty();
    assertThat(aggregator.offer(collector, List.of(wrap(second)), T0.plusSeconds(1))).isEmpty();
    return aggregator.flushAll().stream().flatMap(e -> e.payload().stream()).map(r -> (Record) r).toList();
  }

  private static SecurityEvent wrap(Record item) {
    return switch (item) {
      case Process p -> new ProcessCreate(header(), List.of(p));
      case Connection c -> new ConnectionCreate(header(), List.of(c));
      default -> throw new IllegalArgumentException(item.toString());
    };
  }

  private static Map<String, String> extra(Record item) {
    return item instanceof Process p ? p.extraDetails() : ((Connection) item).extraDetails();
  }

  static EventHeader header() {
    return EventHeader.at(T0, ZoneOffset.UTC);
  }

  private static Process proc(String exe, long pid, long ppid, String uid, String user, String cmd) {
    return new Process(exe, pid, ppid, uid, user, cmd, Map.of());
  }

  private static Connection conn(String remote, String remotePort, String local, String localPort, Direction dir,
      String protocol, long pid, String uid, String exe, String cmd) {
    return new Connection(remote, remotePort, local, localPort, dir, protocol, pid, uid, exe, cmd, Map.of());
  }
}
