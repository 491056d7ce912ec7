package io.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.custom.CustomAlertDetection;
import io.vigil.detect.custom.CustomAlertRule;
import io.vigil.detect.custom.CustomAlertRule.ListMode;
import io.vigil.detect.custom.CustomAlertType;
import io.vigil.detect.custom.CustomAlerts;
import io.vigil.detect.custom.LiveCustomAlerts;
import io.vigil.detect.custom.MessageCounts;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.detect.lifecycle.Decision;
import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.settings.RuleSettings;
import io.vigil.detect.sigma.DueTimers;
import io.vigil.detect.sigma.RuleSet;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine contract holds: the same scenario (process starts, a miner, brute-force logins, silent
 * devices, custom-alert lists and ranges, repeated alerts through the lifecycle) raises the same
 * alerts in the embedded runtime (in-memory state, {@link Detection#advance}) and in a keyed runtime
 * built like Flink ({@link KeyedRuntime}: state as copies, a fresh detection per event, timers fired
 * by the runtime). And the keyed runtime catches a detection that breaks the contract.
 */
class KeyedStateHarnessTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration SIGMA_LATENESS = Duration.ofMinutes(1);
  private static final RuleSet PACK = BuiltInPack.load().rules();
  private static final RuleSettings SETTINGS =
      new RuleSettings(Map.of(), Duration.ofMinutes(30), Map.of("lab", Duration.ofMinutes(10)));

  /** One step of a scenario: events in order, then the runtime's clock (the watermark) moves to {@code until}. */
  record Step(List<DeviceEvent> events, Instant until) {}

  /** What a step raised: the alerts sorted (the runtimes may interleave devices differently), and what the lifecycle made of them. */
  record Outcome(List<Alert> alerts, List<Decision> decisions) {}

  @Test
  void aScenarioRaisesTheSameAlertsInTheEmbeddedRuntimeAndInTheKeyedHarness() {
    List<Step> scenario = scenario();
    List<Outcome> embedded = runEmbedded(scenario, customAlerts());
    List<Outcome> keyed = runKeyed(scenario, customAlerts());

    assertThat(keyed).isEqualTo(embedded);
    List<Alert> all = embedded.stream().flatMap(o -> o.alerts().stream()).toList();
    assertThat(all).extracting(Alert::alertName).as("every kind of state and timer took part").contains(
        "IoT_CryptoMiner", "IoT_BruteForceFailed", "IoT_BruteForceSuccess", "IoT_DeviceSilent", "ProcessNotAllowed",
        "ActiveConnectionsNotInAllowedRange", "FailedLocalLoginsNotInAllowedRange", "MqttD2CMessagesNotInAllowedRange");
    assertThat(all.stream().filter(a -> a.alertName().equals("IoT_DeviceSilent")).map(Alert::deviceId))
        .as("silence judged by timers, re-armed by the next event").containsExactlyInAnyOrder("cam-1", "gw-2", "gw-1", "cam-1");
    assertThat(embedded.stream().flatMap(o -> o.decisions().stream()).map(Decision::outcome))
        .as("the lifecycle opened, joined and absorbed").contains(Decision.Outcome.OPENED, Decision.Outcome.UPDATED,
            Decision.Outcome.ABSORBED);
  }

  @Test
  void theHarnessCatchesStateKeptInTheDetectionsFields() {
    class FieldCounter implements Detection {
      private final Map<String, Integer> seen = new java.util.HashMap<>();

      @Override
      public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
        if (seen.merge(event.deviceId(), 1, Integer::sum) == 3) {
          alerts.accept(marker(event));
        }
      }
    }
    List<DeviceEvent> three = List.of(heartbeat("gw-1", "default", T0), heartbeat("gw-1", "default", T0.plusSeconds(1)),
        heartbeat("gw-1", "default", T0.plusSeconds(2)));
    FieldCounter one = new FieldCounter();
    List<Alert> embedded = new ArrayList<>();
    three.forEach(e -> one.evaluate(e, embedded::add));
    KeyedRuntime runtime = new KeyedRuntime().add("counter", op -> new FieldCounter());
    List<Alert> keyed = new ArrayList<>();
    three.forEach(e -> runtime.process(e, keyed::add));
    assertThat(embedded).hasSize(1);
    assertThat(keyed).as("a fresh instance per event: what a field holds is lost").isEmpty();
  }

  /** A detection's state that it changes in place: legal only if it puts it back. */
  record Seen(List<Instant> times) {}

  /** Counts a device's events in its state, but changes the list without putting the state back. */
  static final class ForgetsToPut implements Detection {
    private final DeviceState<Seen> state;

    ForgetsToPut(DeviceStates states) {
      this.state = states.state("seen", Seen.class);
    }

    @Override
    public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
      Seen s = state.get(event.deviceId());
      if (s == null) {
        s = new Seen(new ArrayList<>());
        state.put(event.deviceId(), s);
      }
      s.times().add(event.received());
      if (s.times().size() == 3) {
        alerts.accept(marker(event));
      }
    }
  }

  @Test
  void theHarnessCatchesAChangeThatIsNotPutBack() {
    List<DeviceEvent> three = List.of(heartbeat("gw-1", "default", T0), heartbeat("gw-1", "default", T0.plusSeconds(1)),
        heartbeat("gw-1", "default", T0.plusSeconds(2)));
    ForgetsToPut inMemory = new ForgetsToPut(DeviceStates.inMemory(10));
    List<Alert> embedded = new ArrayList<>();
    three.forEach(e -> inMemory.evaluate(e, embedded::add));
    KeyedRuntime runtime = new KeyedRuntime().add("forgets", ForgetsToPut::new);
    List<Alert> keyed = new ArrayList<>();
    three.forEach(e -> runtime.process(e, keyed::add));
    assertThat(embedded).as("in memory the change sticks by accident").hasSize(1);
    assertThat(keyed).as("only what is put survives").isEmpty();
  }

  /** Not plain data: a class, not a record. */
  static final class Box {
    int n;
  }

  record Holder(String name, Box box) {}

  @Test
  void theHarnessRejectsStateThatIsNotPlainDataSayingWhere() {
    KeyedRuntime runtime = new KeyedRuntime().add("probe", op -> (event, alerts) ->
        op.state("bad", Holder.class).put(event.deviceId(), new Holder("x", new Box())));
    assertThatThrownBy(() -> runtime.process(heartbeat("gw-1", "default", T0), a -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not plain data: io.vigil.detect.KeyedStateHarnessTest$Box at probe/bad[gw-1].box");
  }

  @Test
  void theHarnessRejectsTouchingAnotherDevicesStateOrTimers() {
    KeyedRuntime state = new KeyedRuntime().add("probe", op -> (event, alerts) -> op.state("s", Seen.class).get("gw-2"));
    assertThatThrownBy(() -> state.process(heartbeat("gw-1", "default", T0), a -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("probe/s of device 'gw-2' touched while handling device 'gw-1'");
    KeyedRuntime timers = new KeyedRuntime().add("probe", op -> (event, alerts) -> op.register("gw-2", T0));
    assertThatThrownBy(() -> timers.process(heartbeat("gw-1", "default", T0), a -> {}))
        .hasMessage("probe timer of device 'gw-2' touched while handling device 'gw-1'");
  }

  private static List<Outcome> runEmbedded(List<Step> scenario, LiveCustomAlerts custom) {
    DueTimers sigmaTimers = new DueTimers();
    SigmaEngine engine = SigmaEngine.builder(PACK).timers(sigmaTimers).allowedLateness(SIGMA_LATENESS).build();
    // The engine's lateness is already in its timers' times: fire them when the clock reaches them, as the harness does.
    List<Detection> detections = List.of(new SigmaDetection(engine, sigmaTimers, Duration.ZERO), new CryptoMinerDetection(),
        new DeviceSilentDetection(() -> SETTINGS, 1_000),
        new CustomAlertDetection(custom, MessageCounts.none(), CustomAlertDetection.DEFAULT_LATENESS, 1_000));
    AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1));
    List<Outcome> out = new ArrayList<>();
    for (Step step : scenario) {
      List<Alert> alerts = new ArrayList<>();
      for (DeviceEvent e : step.events()) {
        detections.forEach(d -> d.evaluate(e, alerts::add));
      }
      detections.forEach(d -> d.advance(step.until(), alerts::add));
      out.add(outcome(alerts, a -> offer(lifecycle, a)));
    }
    return out;
  }

  private static List<Outcome> runKeyed(List<Step> scenario, LiveCustomAlerts custom) {
    KeyedRuntime runtime = new KeyedRuntime()
        .add("sigma", op -> new SigmaDetection(
            SigmaEngine.builder(PACK).store(op.correlations()).timers(op::register).allowedLateness(SIGMA_LATENESS).build()))
        .add("miner", op -> new CryptoMinerDetection())
        .add("silent", op -> new DeviceSilentDetection(() -> SETTINGS, op, op))
        .add("custom", op -> new CustomAlertDetection(custom, MessageCounts.none(), CustomAlertDetection.DEFAULT_LATENESS, op, op));
    AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(1), AlertLifecycle.DEFAULT_MAX_KEYS_PER_DEVICE,
        runtime.states("lifecycle"));
    List<Outcome> out = new ArrayList<>();
    for (Step step : scenario) {
      List<Alert> alerts = new ArrayList<>();
      for (DeviceEvent e : step.events()) {
        runtime.process(e, alerts::add);
      }
      runtime.advanceTo(step.until(), alerts::add);
      out.add(outcome(alerts, a -> runtime.keyed(a.deviceId(), () -> offer(lifecycle, a))));
    }
    return out;
  }

  /** Offers an occurrence; a miner alert once opened is dismissed, so that its next occurrences are absorbed. */
  private static Decision offer(AlertLifecycle lifecycle, Alert a) {
    Decision d = lifecycle.offer(a);
    if (d.outcome() == Decision.Outcome.OPENED && a.alertName().equals("IoT_CryptoMiner")) {
      lifecycle.statusChanged(d.alert(), AlertStatus.DISMISSED);
    }
    return d;
  }

  private static Outcome outcome(List<Alert> alerts, java.util.function.Function<Alert, Decision> lifecycle) {
    List<Alert> sorted = alerts.stream().sorted(Comparator.comparing(Alert::deviceId).thenComparing(Alert::ruleId)
        .thenComparing(Alert::alertName).thenComparing(Alert::firstSeen).thenComparing(Alert::systemAlertId)).toList();
    return new Outcome(sorted, sorted.stream().map(lifecycle).toList());
  }

  private static LiveCustomAlerts customAlerts() {
    LiveCustomAlerts live = LiveCustomAlerts.inMemory(CustomAlerts.none());
    live.put("default", List.of(
        CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.ALLOW, true, List.of("/usr/bin/*", "/opt/app/*")),
        CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 0, 3, Duration.ofMinutes(5))));
    live.put("lab", List.of(
        CustomAlertRule.range(CustomAlertType.FAILED_LOCAL_LOGINS, true, 0, 2, Duration.ofMinutes(5)),
        CustomAlertRule.range(CustomAlertType.MQTT_D2C, true, 2, 100, Duration.ofMinutes(5))));
    return live;
  }

  /** gw-1 runs a miner (again and again), gw-2 is brute-forced and opens many connections, cam-1 (lab) fails logins and falls silent. */
  private static List<Step> scenario() {
    List<Step> steps = new ArrayList<>();
    List<DeviceEvent> first = new ArrayList<>();
    first.add(event("gw-1", "default", T0, process(T0, "/usr/bin/python3", "python3 app.py")));
    first.add(event("cam-1", "lab", T0, heartbeat(T0)));
    first.add(event("gw-1", "default", T0.plusSeconds(5),
        process(T0.plusSeconds(5), "/tmp/.x/xmrig", "/tmp/.x/xmrig -o stratum+tcp://pool.example:3333")));
    for (int i = 0; i < 5; i++) {
      first.add(event("gw-2", "default", T0.plusSeconds(10 + i), connection(T0.plusSeconds(10 + i), "198.51.100." + (20 + i))));
    }
    for (int i = 0; i < 12; i++) {
      first.add(event("gw-2", "default", T0.plusSeconds(20 + 2 * i), login(T0.plusSeconds(20 + 2 * i), Login.Result.FAIL, 1)));
    }
    first.add(event("cam-1", "lab", T0.plusSeconds(30), login(T0.plusSeconds(30), Login.Result.FAIL, 3)));
    first.add(event("gw-2", "default", T0.plusSeconds(60), login(T0.plusSeconds(60), Login.Result.SUCCESS, 1)));
    steps.add(new Step(first, T0.plus(Duration.ofMinutes(3))));
    Instant again = T0.plus(Duration.ofMinutes(4));
    steps.add(new Step(List.of(
        event("gw-1", "default", again, process(again, "/tmp/.x/xmrig", "/tmp/.x/xmrig --donate-level 1")),
        event("gw-1", "default", again.plusSeconds(30), process(again.plusSeconds(30), "/opt/app/run", "/opt/app/run"))),
        T0.plus(Duration.ofMinutes(7))));
    Instant later = T0.plus(Duration.ofMinutes(20));
    steps.add(new Step(List.of(
        event("gw-1", "default", later, process(later, "/tmp/.x/xmrig", "/tmp/.x/xmrig -B")),
        event("gw-2", "default", later, heartbeat(later))),
        T0.plus(Duration.ofHours(2))));
    Instant back = T0.plus(Duration.ofHours(2)).plusSeconds(60);
    steps.add(new Step(List.of(event("cam-1", "lab", back, heartbeat(back))), T0.plus(Duration.ofHours(3))));
    return steps;
  }

  private static DeviceEvent event(String device, String group, Instant received, SecurityEvent e) {
    return new DeviceEvent(device, group, "agent-1", "1.0", received.plusSeconds(1), e);
  }

  private static DeviceEvent heartbeat(String device, String group, Instant at) {
    return event(device, group, at, heartbeat(at));
  }

  private static SecurityEvent heartbeat(Instant at) {
    return new Heartbeat(EventHeader.at(at, ZoneOffset.UTC), List.of(new Heartbeat.Beat(60, Map.of())));
  }

  private static SecurityEvent process(Instant at, String executable, String commandLine) {
    return new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new ProcessCreate.Process(executable, 4242, 1, "0", "root", commandLine, Map.of())));
  }

  private static SecurityEvent connection(Instant at, String remote) {
    return new ConnectionCreate(EventHeader.at(at, ZoneOffset.UTC), List.of(new ConnectionCreate.Connection(
        remote, "443", "10.0.0.2", "51000", Direction.OUT, "tcp", 77, "0", "/usr/bin/curl", "curl", Map.of())));
  }

  private static SecurityEvent login(Instant at, Login.Result result, int count) {
    List<Login.Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      attempts.add(new Login.Attempt(900 + i, null, "root", "PAM:authentication", "/usr/sbin/sshd", "198.51.100.7", "50022", "22",
          result, Map.of()));
    }
    return new Login(EventHeader.at(at, ZoneOffset.UTC), attempts);
  }

  private static Alert marker(DeviceEvent e) {
    return new Alert("marker-" + e.deviceId(), "Marker", "Marker", Severity.LOW, "third event", "none", e.deviceId(),
        Map.of("Device", e.deviceId()), Map.of(), AlertStatus.NEW, 1, e.received(), e.received(), e.received(), "test:marker",
        List.of(), List.of());
  }
}
