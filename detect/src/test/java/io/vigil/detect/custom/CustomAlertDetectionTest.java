package io.vigil.detect.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.custom.CustomAlertRule.ListMode;
import io.vigil.model.Alert;
import io.vigil.model.Severity;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Custom alerts over real events, with the runtime's clock given to advance by hand. */
class CustomAlertDetectionTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private final LiveCustomAlerts live = LiveCustomAlerts.inMemory(CustomAlerts.none());
  private final Map<String, Long> sent = new HashMap<>();
  private final CustomAlertDetection detection =
      new CustomAlertDetection(live, (id, protocol) -> sent.getOrDefault(id + "/" + protocol, -1L), Duration.ofMinutes(1), 100);
  private final List<Alert> alerts = new ArrayList<>();

  static DeviceEvent event(String device, String group, Instant at, SecurityEvent e) {
    return new DeviceEvent(device, group, "agent-1", "1.0", at, e);
  }

  static SecurityEvent process(Instant at, String executable) {
    return new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new ProcessCreate.Process(executable, 4242, 1, "0", "root", executable + " -x", Map.of())));
  }

  static SecurityEvent connection(Instant at, Direction direction, String remote) {
    return new ConnectionCreate(EventHeader.at(at, ZoneOffset.UTC), List.of(new ConnectionCreate.Connection(
        remote, "443", "10.0.0.2", "51000", direction, "tcp", 77, "0", "/usr/bin/curl", "curl", Map.of())));
  }

  static SecurityEvent login(Instant at, String user, Login.Result result, int count) {
    List<Login.Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      attempts.add(new Login.Attempt(900 + i, null, user, "PAM:authentication", "/usr/sbin/sshd", "198.51.100.7", "50022", "22",
          result, Map.of()));
    }
    return new Login(EventHeader.at(at, ZoneOffset.UTC), attempts);
  }

  static DeviceEvent hub(String device, Instant at, String operation, String result) {
    return new DeviceEvent(device, "default", "", "", at, new HubOperation(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new HubOperation.Operation(operation, result, "MQTT", "127.0.0.1", Map.of()))));
  }

  private void put(String group, CustomAlertRule... rules) {
    live.put(group, List.of(rules));
  }

  private void see(DeviceEvent e) {
    detection.evaluate(e, alerts::add);
  }

  private void advance(Instant now) {
    detection.advance(now, alerts::add);
  }

  @Test
  void aProcessOffTheAllowListRaisesProcessNotAllowedWithItsEvidence() {
    put("default", CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.ALLOW, true, List.of("/usr/bin/*", "/opt/app/run")));
    see(event("gw-1", "default", T0, process(T0, "/usr/bin/python3")));
    see(event("gw-1", "default", T0, process(T0, "/opt/app/run")));
    assertThat(alerts).isEmpty();
    DeviceEvent bad = event("gw-1", "default", T0.plusSeconds(1), process(T0, "/tmp/.x/miner"));
    see(bad);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("ProcessNotAllowed");
      assertThat(a.displayName()).isEqualTo("Process that is not allowed was started");
      assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(a.ruleId()).isEqualTo("custom:default/ProcessNotAllowed/allow");
      assertThat(a.description()).isEqualTo("Process /tmp/.x/miner (pid 4242, user root) was started: /tmp/.x/miner is not on the"
          + " ProcessNotAllowed allow-list of security group 'default'.");
      assertThat(a.entities()).containsEntry("Device", "gw-1").containsEntry("Process", "/tmp/.x/miner")
          .containsEntry("ProcessId", "4242").containsEntry("User", "root").containsEntry("CommandLine", "/tmp/.x/miner -x");
      assertThat(a.extendedProperties()).containsEntry("SecurityGroup", "default").containsEntry("List", "allow")
          .containsEntry("EventId", bad.event().header().id());
      assertThat(a.remediationSteps()).endsWith("If the value is legitimate, add it to the group's allow-list.");
      assertThat(a.firstSeen()).isEqualTo(T0);
      assertThat(a.timeGenerated()).isEqualTo(T0.plusSeconds(1));
    });
  }

  @Test
  void aDenyListNamesTheValueThatMatched() {
    put("default", CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.DENY, true, List.of("*/nc", "/usr/bin/telnet")));
    see(event("gw-1", "default", T0, process(T0, "/usr/bin/python3")));
    see(event("gw-1", "default", T0, process(T0, "/bin/nc")));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.ruleId()).isEqualTo("custom:default/ProcessNotAllowed/deny");
      assertThat(a.description()).endsWith(": /bin/nc is on the ProcessNotAllowed deny-list of security group 'default' (as '*/nc').");
      assertThat(a.extendedProperties()).containsEntry("MatchedListValue", "*/nc");
    });
  }

  @Test
  void connectionListsCheckTheRemoteAddressOfTheirDirectionByCidr() {
    put("default",
        CustomAlertRule.list(CustomAlertType.CONNECTION_TO_IP, ListMode.DENY, true, List.of("203.0.113.0/24", "2001:db8::/32")),
        CustomAlertRule.list(CustomAlertType.CONNECTION_FROM_IP, ListMode.ALLOW, true, List.of("10.0.0.0/8")));
    see(event("gw-1", "default", T0, connection(T0, Direction.OUT, "198.51.100.1")));
    see(event("gw-1", "default", T0, connection(T0, Direction.IN, "10.1.2.3")));
    see(event("gw-1", "default", T0, connection(T0, Direction.IN, "203.0.113.9")));
    see(event("gw-1", "default", T0, connection(T0, Direction.OUT, "203.0.113.9")));
    see(event("gw-1", "default", T0, connection(T0, Direction.OUT, "2001:db8::5")));
    assertThat(alerts).extracting(Alert::alertName).containsExactly(
        "ConnectionFromIpNotAllowed", "ConnectionToIpNotAllowed", "ConnectionToIpNotAllowed");
    assertThat(alerts.get(0).entities()).containsEntry("RemoteIp", "203.0.113.9").containsEntry("Direction", "IN");
    assertThat(alerts.get(0).description()).isEqualTo("Inbound connection to /usr/bin/curl (pid 77) from 203.0.113.9:443/tcp:"
        + " 203.0.113.9 is not on the ConnectionFromIpNotAllowed allow-list of security group 'default'.");
    assertThat(alerts.get(2).extendedProperties()).containsEntry("MatchedListValue", "2001:db8::/32");
  }

  @Test
  void localUserListsCheckSuccessfulLoginsNotFailuresOrLogouts() {
    put("default", CustomAlertRule.list(CustomAlertType.LOCAL_USER, ListMode.ALLOW, true, List.of("ops")));
    see(event("gw-1", "default", T0, login(T0, "ops", Login.Result.SUCCESS, 1)));
    see(event("gw-1", "default", T0, login(T0, "mallory", Login.Result.FAIL, 1)));
    see(event("gw-1", "default", T0, login(T0, "mallory", Login.Result.SUCCESS, 1)));
    see(event("gw-1", "default", T0, new Login(EventHeader.at(T0, ZoneOffset.UTC), List.of(new Login.Attempt(901, null, "mallory",
        "Logout", "/usr/sbin/sshd", null, null, null, Login.Result.SUCCESS, Map.of())))));
    assertThat(alerts).as("the login, not the logout").singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("LocalUserNotAllowed");
      assertThat(a.entities()).containsEntry("User", "mallory").containsEntry("RemoteIp", "198.51.100.7");
      assertThat(a.description()).startsWith("User mallory logged in (PAM:authentication by /usr/sbin/sshd, from 198.51.100.7)");
    });
  }

  @Test
  void rulesApplyToTheirGroupOnlyCanBeSwitchedOffAndAChangeAppliesToTheNextEvent() {
    CustomAlertRule allowPython = CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.ALLOW, true, List.of("/usr/bin/python3"));
    put("lab", allowPython);
    see(event("gw-1", "default", T0, process(T0, "/bin/sh")));
    assertThat(alerts).as("another group's rules").isEmpty();
    see(event("lab-1", "lab", T0, process(T0, "/bin/sh")));
    assertThat(alerts).hasSize(1);
    put("lab", CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.ALLOW, false, List.of("/usr/bin/python3")));
    see(event("lab-1", "lab", T0, process(T0, "/bin/sh")));
    assertThat(alerts).as("switched off").hasSize(1);
    put("lab", CustomAlertRule.list(CustomAlertType.PROCESS, ListMode.ALLOW, true, List.of("/usr/bin/python3", "/bin/sh")));
    see(event("lab-1", "lab", T0, process(T0, "/bin/sh")));
    assertThat(alerts).as("allowed now").hasSize(1);
  }

  @Test
  void failedLoginsAboveTheRangeAreReportedWhenTheNextEventIsPastTheWindow() {
    put("default", CustomAlertRule.range(CustomAlertType.FAILED_LOCAL_LOGINS, true, 0, 3, FIVE_MINUTES));
    see(event("gw-1", "default", T0.plusSeconds(10), login(T0.plusSeconds(10), "root", Login.Result.FAIL, 3)));
    see(event("gw-1", "default", T0.plusSeconds(20), login(T0.plusSeconds(20), "root", Login.Result.SUCCESS, 2)));
    see(event("gw-1", "default", T0.plusSeconds(299), login(T0.plusSeconds(299), "root", Login.Result.FAIL, 1)));
    assertThat(alerts).isEmpty();
    Instant next = T0.plus(FIVE_MINUTES).plusSeconds(1);
    see(event("gw-1", "default", next, process(next, "/bin/ls")));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("FailedLocalLoginsNotInAllowedRange");
      assertThat(a.ruleId()).isEqualTo("custom:default/FailedLocalLoginsNotInAllowedRange");
      assertThat(a.description()).isEqualTo("Device gw-1: a count of 4 in the 5-minute window from 2026-03-01T10:00:00Z to"
          + " 2026-03-01T10:05:00Z is above the allowed range of security group 'default', 0 to 3. Counted: failed login attempts"
          + " on the device (Login items with Result Fail), local and remote (SSH) alike.");
      assertThat(a.extendedProperties()).containsEntry("Count", "4").containsEntry("Min", "0").containsEntry("Max", "3")
          .containsEntry("Window", "PT5M").containsEntry("WindowStart", "2026-03-01T10:00:00Z");
      assertThat(a.entities()).containsOnlyKeys("Device");
      assertThat(a.firstSeen()).isEqualTo(T0);
      assertThat(a.lastSeen()).isEqualTo(T0.plus(FIVE_MINUTES));
    });
  }

  @Test
  void aQuietDevicesWindowIsDecidedByTheClockOnceTheLatenessHasPassed() {
    put("default", CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 0, 1, FIVE_MINUTES));
    see(event("gw-1", "default", T0, connection(T0, Direction.OUT, "198.51.100.1")));
    see(event("gw-1", "default", T0, connection(T0, Direction.IN, "10.0.0.9")));
    advance(T0.plus(FIVE_MINUTES).plusSeconds(59));
    assertThat(alerts).isEmpty();
    advance(T0.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("ActiveConnectionsNotInAllowedRange");
      assertThat(a.extendedProperties()).containsEntry("Count", "2");
      assertThat(a.timeGenerated()).isEqualTo(T0.plus(FIVE_MINUTES).plusSeconds(60));
    });
    advance(T0.plus(FIVE_MINUTES.multipliedBy(2)).plusSeconds(60));
    assertThat(alerts).as("an empty window is in range").hasSize(1);
  }

  @Test
  void aMinimumReportsWindowsWithTooFewIncludingEmptyOnes() {
    put("default", CustomAlertRule.range(CustomAlertType.MQTT_D2C, true, 2, 100, FIVE_MINUTES));
    Instant received = T0.plusSeconds(3);
    see(event("gw-1", "default", received, process(T0, "/bin/a")));
    see(event("gw-1", "default", received, login(T0, "root", Login.Result.SUCCESS, 1)));
    advance(T0.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("MqttD2CMessagesNotInAllowedRange");
      assertThat(a.extendedProperties()).as("two events of one message").containsEntry("Count", "1");
      assertThat(a.description()).contains("is below the allowed range");
    });
    advance(T0.plus(FIVE_MINUTES.multipliedBy(2)).plusSeconds(60));
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).extendedProperties()).containsEntry("Count", "0").containsEntry("WindowStart", "2026-03-01T10:05:00Z");
  }

  @Test
  void messageRulesAddTheHubsCountsAndTheHttpsRuleNeedsThem() {
    put("default", CustomAlertRule.range(CustomAlertType.MQTT_D2C, true, 0, 10, FIVE_MINUTES),
        CustomAlertRule.range(CustomAlertType.HTTP_D2C, true, 1, 5, FIVE_MINUTES));
    sent.put("gw-1/MQTT", 100L);
    see(event("gw-1", "default", T0, process(T0, "/bin/a")));
    see(event("gw-1", "default", T0.plusMillis(1), process(T0, "/bin/b")));
    sent.put("gw-1/MQTT", 109L);
    advance(T0.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("MqttD2CMessagesNotInAllowedRange");
      assertThat(a.extendedProperties()).as("2 security messages and 9 others").containsEntry("Count", "11");
    });
    sent.put("gw-1/HTTPS", 0L);
    Instant later = T0.plus(FIVE_MINUTES.multipliedBy(2));
    see(event("gw-1", "default", later, process(later, "/bin/c")));
    advance(later.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).extracting(Alert::alertName).as("HTTPS counted from this window on: none sent")
        .containsExactly("MqttD2CMessagesNotInAllowedRange", "HttpD2CMessagesNotInAllowedRange");
  }

  @Test
  void securityMessagesCountUnderTheProtocolTheyCameOver() {
    put("default", CustomAlertRule.range(CustomAlertType.MQTT_D2C, true, 0, 1, FIVE_MINUTES),
        CustomAlertRule.range(CustomAlertType.HTTP_D2C, true, 0, 1, FIVE_MINUTES));
    sent.put("gw-1/MQTT", 0L);
    sent.put("gw-1/HTTPS", 0L);
    for (int i = 0; i < 3; i++) {
      Instant at = T0.plusSeconds(i);
      see(new DeviceEvent("gw-1", "default", "agent-1", "1.0", at, process(at, "/bin/h" + i), "HTTPS"));
    }
    Instant at = T0.plusSeconds(10);
    see(new DeviceEvent("gw-1", "default", "agent-1", "1.0", at, process(at, "/bin/m"), "MQTT"));
    advance(T0.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).as("3 HTTPS messages over the maximum of 1; the 1 MQTT message is within it").singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("HttpD2CMessagesNotInAllowedRange");
      assertThat(a.extendedProperties()).containsEntry("Count", "3");
    });

    alerts.clear();
    Instant later = T0.plus(FIVE_MINUTES.multipliedBy(2));
    for (int i = 0; i < 2; i++) {
      Instant t = later.plusSeconds(i);
      see(new DeviceEvent("gw-1", "default", "agent-1", "1.0", t, process(t, "/bin/m" + i), "MQTT"));
    }
    advance(later.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("MqttD2CMessagesNotInAllowedRange");
      assertThat(a.extendedProperties()).containsEntry("Count", "2");
    });
  }

  @Test
  void hubOperationsFeedTwinUpdatesAndUnauthorizedOperations() {
    put("default", CustomAlertRule.range(CustomAlertType.TWIN_UPDATES, true, 0, 1, FIVE_MINUTES),
        CustomAlertRule.range(CustomAlertType.UNAUTHORIZED_OPERATIONS, true, 0, 1, FIVE_MINUTES));
    see(hub("gw-1", T0, "TwinReportedUpdate", "Success"));
    see(hub("gw-1", T0, "TwinDesiredUpdate", "Success"));
    see(hub("gw-1", T0, "TwinReportedUpdate", "InvalidPatch"));
    see(hub("gw-1", T0, "AuthFailure", "InvalidSignature"));
    see(hub("gw-1", T0, "Connect", "Success"));
    see(hub("gw-1", T0.plus(FIVE_MINUTES), "AuthorizationDenied", "Publish"));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("TwinUpdatesNotInAllowedRange");
      assertThat(a.extendedProperties()).containsEntry("Count", "2");
    });
  }

  @Test
  void switchingARangeRuleOffDropsItsWindowAndForgetsTheDevice() {
    put("default", CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 0, 0, FIVE_MINUTES));
    see(event("gw-1", "default", T0, connection(T0, Direction.OUT, "198.51.100.1")));
    assertThat(detection.tracked()).isEqualTo(1);
    put("default", CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, false, 0, 0, FIVE_MINUTES));
    advance(T0.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).isEmpty();
    assertThat(detection.tracked()).isZero();
  }

  @Test
  void stateIsBoundedByMaxDevices() {
    CustomAlertDetection small = new CustomAlertDetection(live, MessageCounts.none(), Duration.ZERO, 2);
    put("default", CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 0, 0, FIVE_MINUTES));
    for (String d : List.of("a", "b", "c")) {
      small.evaluate(event(d, "default", T0, connection(T0, Direction.OUT, "198.51.100.1")), alerts::add);
    }
    assertThat(small.tracked()).isEqualTo(2);
    small.advance(T0.plus(FIVE_MINUTES), alerts::add);
    assertThat(alerts).extracting(Alert::deviceId).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void aDeviceSetsATimerPerWindowNotPerEvent() {
    put("default", CustomAlertRule.range(CustomAlertType.ACTIVE_CONNECTIONS, true, 0, 100, FIVE_MINUTES));
    for (int i = 0; i < 50; i++) {
      see(event("gw-1", "default", T0.plusSeconds(i), connection(T0.plusSeconds(i), Direction.OUT, "198.51.100.1")));
    }
    assertThat(detection.pendingTimers()).isEqualTo(1);
    advance(T0.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(detection.pendingTimers()).as("the next window's").isEqualTo(1);
    assertThat(alerts).isEmpty();
  }

  @Test
  void cloudToDeviceRulesCountOnlyTheHubsCountsAndNeedThem() {
    Map<String, Long> c2d = new HashMap<>();
    MessageCounts counts = new MessageCounts() {
      @Override
      public long sent(String deviceId, String protocol) {
        return -1;
      }

      @Override
      public long cloudToDevice(String deviceId, String protocol) {
        return c2d.getOrDefault(deviceId + "/" + protocol + "/sent", -1L);
      }

      @Override
      public long cloudToDeviceRejected(String deviceId, String protocol) {
        return c2d.getOrDefault(deviceId + "/" + protocol + "/rejected", -1L);
      }
    };
    CustomAlertDetection withC2d = new CustomAlertDetection(live, counts, Duration.ofMinutes(1), 100);
    put("default", CustomAlertRule.range(CustomAlertType.MQTT_C2D, true, 0, 3, FIVE_MINUTES),
        CustomAlertRule.range(CustomAlertType.MQTT_C2D_REJECTED, true, 0, 0, FIVE_MINUTES));
    c2d.put("gw-1/MQTT/sent", 10L);
    c2d.put("gw-1/MQTT/rejected", 2L);
    // A connect opens the device's windows; its security messages add nothing to the C2D counts.
    withC2d.evaluate(hub("gw-1", T0, "Connect", "Success"), alerts::add);
    withC2d.evaluate(event("gw-1", "default", T0.plusSeconds(1), process(T0, "/bin/a")), alerts::add);
    c2d.put("gw-1/MQTT/sent", 14L);
    c2d.put("gw-1/MQTT/rejected", 3L);
    withC2d.advance(T0.plus(FIVE_MINUTES).plusSeconds(60), alerts::add);
    assertThat(alerts).extracting(Alert::alertName, a -> a.extendedProperties().get("Count"))
        .as("4 sent over the maximum of 3, 1 rejected over 0: only what the window saw")
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("MqttC2DMessagesNotInAllowedRange", "4"),
            org.assertj.core.groups.Tuple.tuple("MqttC2DRejectedMessagesNotInAllowedRange", "1"));

    alerts.clear();
    put("default", CustomAlertRule.range(CustomAlertType.MQTT_C2D, true, 1, 3, FIVE_MINUTES));
    Instant later = T0.plus(FIVE_MINUTES.multipliedBy(3));
    see(hub("gw-2", later, "Connect", "Success"));
    advance(later.plus(FIVE_MINUTES).plusSeconds(60));
    assertThat(alerts).as("a source without C2D counts never decides the window, not even below its minimum").isEmpty();
  }

  @Test
  void onlyHttpsCloudToDeviceTypesAreRefusedWithTheirReason() {
    assertThat(CustomAlertType.MQTT_C2D.supported()).isTrue();
    assertThat(CustomAlertType.MQTT_C2D_REJECTED.supported()).isTrue();
    assertThat(CustomAlertType.HTTP_C2D.unsupportedReason()).isEqualTo("Vigil's HTTPS endpoint does not deliver cloud-to-device"
        + " messages (they go over MQTT: use MqttC2DMessagesNotInAllowedRange)");
    assertThat(CustomAlertType.HTTP_C2D_REJECTED.supported()).isFalse();
    assertThat(CustomAlertType.AMQP_C2D.unsupportedReason()).isEqualTo("Vigil has no AMQP endpoint");
  }
}
