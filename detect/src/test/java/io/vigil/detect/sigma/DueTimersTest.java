package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AuthType;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Login;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A silent device's correlation windows are decided by the runtime's clock through DueTimers. */
class DueTimersTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void timersComeDueInOrderOnceTheirLatenessHasPassed() {
    DueTimers timers = new DueTimers();
    timers.register("b", T.plusSeconds(30));
    timers.register("a", T);
    timers.register("a", T); // twice: once
    assertThat(timers.size()).isEqualTo(2);
    assertThat(timers.pollDue(T.plusSeconds(59), Duration.ofMinutes(1))).isEmpty();
    assertThat(timers.pollDue(T.plusSeconds(95), Duration.ofMinutes(1)))
        .containsExactly(new DueTimers.Due("a", T), new DueTimers.Due("b", T.plusSeconds(30)));
    assertThat(timers.size()).isZero();
  }

  @Test
  void aWindowWithAnUpperBoundIsDecidedWhenTheDeviceFallsSilent() {
    String yaml = """
        title: Single failed login
        name: one_failed_login
        id: 0b6a3f0e-8f9d-4d9c-b6f1-7f7f1d0c2a11
        logsource: {product: vigil, category: login}
        detection:
          selection: {Result: Fail}
          condition: selection
        ---
        title: Few failed logins in a minute
        id: 7d2e4c11-5b7a-4f3e-9c0d-2a1b3c4d5e6f
        vigil.alertName: Custom_FewFailures
        correlation:
          type: event_count
          rules: [one_failed_login]
          group-by: [DeviceId]
          timespan: 1m
          condition: {lt: 3}
        """;
    LoadResult loaded = SigmaRules.loader().add("few.yml", yaml).load();
    assertThat(loaded.problems()).isEmpty();
    DueTimers timers = new DueTimers();
    SigmaEngine engine = SigmaEngine.builder(loaded.rules()).timers(timers).allowedLateness(Duration.ofSeconds(10)).build();
    SigmaDetection detection = new SigmaDetection(engine, timers, Duration.ofSeconds(10));
    List<Alert> alerts = new ArrayList<>();
    Login login = new Login(EventHeader.at(T, ZoneOffset.UTC), List.of(new Login.Attempt(
        1, null, "root", "sshd", "/usr/sbin/sshd", "203.0.113.5", "22", null, Login.Result.FAIL, Map.of())));
    detection.evaluate(new DeviceEvent("gw-1", "default", "a", "1", T, login), alerts::add);
    assertThat(alerts).isEmpty();
    detection.advance(T.plusSeconds(30), alerts::add);
    assertThat(alerts).as("the window is still open").isEmpty();
    detection.advance(T.plus(Duration.ofMinutes(5)), alerts::add);
    assertThat(alerts).extracting(Alert::alertName).containsExactly("Custom_FewFailures");
  }
}
