package io.vigil.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.sdk.SdkCollector;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Login;
import io.vigil.model.event.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against the agent's real socket end. */
class SecurityEventSenderTest {
  @TempDir Path dir;
  private SdkCollector agentSide;
  private Path socket;

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("run/agent.sock");
    agentSide = new SdkCollector(socket, 10);
    assertThat(agentSide.collect()).isEmpty(); // starts listening
  }

  @AfterEach
  void stop() {
    agentSide.close();
  }

  private static Login failedLogin(String user) {
    return new Login(EventHeader.at(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), List.of(new Login.Attempt(
        4242, null, user, "AppLogin", "/opt/door/controller", "192.0.2.7", null, "8443", Login.Result.FAIL, Map.of("App", "door"))));
  }

  @Test
  void eventsReachTheAgentAndTheSocketIsGroupOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    try (SecurityEventSender sender = SecurityEventSender.connect(socket, "door-controller")) {
      assertThat(sender.send(List.of(failedLogin("admin"), failedLogin("root")))).isEqualTo(2);
    }
    List<SecurityEvent> got = new ArrayList<>();
    for (int i = 0; i < 50 && got.size() < 2; i++) {
      got.addAll(agentSide.collect());
      Thread.sleep(20);
    }
    assertThat(got).extracting(e -> ((Login) e).payload().get(0).userName()).containsExactly("admin", "root");
  }

  @Test
  void badMessagesAreRefusedWithTheAgentsReason() throws Exception {
    try (SecurityEventSender sender = SecurityEventSender.connect(socket, "door-controller")) {
      assertThatThrownBy(() -> sender.send("{\"AgentVersion\": 1}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(SdkException.class)
          .hasMessageContaining("/AgentVersion: expected string, got integer");
      // The connection stays usable after a refusal.
      assertThat(sender.send(List.of(failedLogin("x")))).isEqualTo(1);
    }
  }

  @Test
  void aFullAgentSaysBusy() throws Exception {
    try (SecurityEventSender sender = SecurityEventSender.connect(socket, "door-controller")) {
      List<SecurityEvent> eleven = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        eleven.add(failedLogin("u" + i));
      }
      assertThatThrownBy(() -> sender.send(eleven)).isInstanceOf(SdkException.class).hasMessageStartingWith("busy: ");
    }
  }

  @Test
  void aSecondAgentDoesNotStealTheSocket() throws Exception {
    SdkCollector second = new SdkCollector(socket, 10);
    try {
      assertThatThrownBy(second::collect)
          .hasMessage("another process already listens on " + socket + "; give this agent its own --sdk-socket");
      try (SecurityEventSender sender = SecurityEventSender.connect(socket, "door-controller")) {
        assertThat(sender.send(List.of(failedLogin("still-first")))).isEqualTo(1);
      }
    } finally {
      second.close();
    }
  }

  @Test
  void noAgentIsAClearError() {
    assertThatThrownBy(() -> SecurityEventSender.connect(dir.resolve("none.sock"), "x"))
        .hasMessageStartingWith("no Vigil agent listening on " + dir.resolve("none.sock"));
  }

  @Test
  void directModeTargetsTheSecurityTopic() {
    assertThat(SecurityEventSender.directTopic("gw-1")).isEqualTo("devices/gw-1/messages/events/%24.ifid=urn%3Aazureiot%3ASecurity%3ASecurityAgent%3A1");
    assertThat(new String(SecurityEventSender.directPayload("door", List.of(failedLogin("a"))), StandardCharsets.UTF_8))
        .contains("\"AgentVersion\":\"sdk:door\"", "\"Name\":\"Login\"");
  }
}
