package io.vigil.detect.custom;

import io.vigil.detect.custom.CompiledAlerts.ListRule;
import io.vigil.detect.custom.CustomAlertRule.ListMode;
import io.vigil.detect.lifecycle.AlertEntities;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The allow-lists and deny-lists of a group, checked against one event's items. Stateless. */
final class ListChecks {
  private ListChecks() {}

  static void check(DeviceEvent event, CompiledAlerts.Group group, Consumer<Alert> alerts) {
    switch (event.event()) {
      case ProcessCreate created -> {
        List<ListRule> rules = group.lists(CustomAlertType.PROCESS);
        for (int i = 0; i < created.payload().size() && !rules.isEmpty(); i++) {
          ProcessCreate.Process p = created.payload().get(i);
          String user = p.userName() != null && !p.userName().isBlank() ? p.userName() : p.userId();
          Map<String, String> entities = AlertEntities.of(event.deviceId()).put(AlertEntities.PROCESS, p.executable())
              .put(AlertEntities.PROCESS_ID, Long.toString(p.processId())).put(AlertEntities.COMMAND_LINE, p.commandLine())
              .put(AlertEntities.USER, user).build();
          String subject = "Process " + p.executable() + " (pid " + p.processId() + ", user " + user + ") was started";
          check(event, i, rules, p.executable(), subject, entities, alerts);
        }
      }
      case ConnectionCreate created -> {
        for (int i = 0; i < created.payload().size(); i++) {
          ConnectionCreate.Connection c = created.payload().get(i);
          boolean out = c.direction() == Direction.OUT;
          List<ListRule> rules = group.lists(out ? CustomAlertType.CONNECTION_TO_IP : CustomAlertType.CONNECTION_FROM_IP);
          if (rules.isEmpty()) {
            continue;
          }
          Map<String, String> entities = AlertEntities.of(event.deviceId()).put(AlertEntities.REMOTE_IP, c.remoteAddress())
              .put(AlertEntities.REMOTE_PORT, c.remotePort()).put("Direction", c.direction().name())
              .put(AlertEntities.PROCESS, c.executable()).put(AlertEntities.PROCESS_ID, Long.toString(c.processId())).build();
          String subject = (out ? "Outbound connection from " : "Inbound connection to ") + c.executable() + " (pid "
              + c.processId() + ")" + (out ? " to " : " from ") + c.remoteAddress() + ":" + c.remotePort() + "/" + c.protocol();
          check(event, i, rules, c.remoteAddress(), subject, entities, alerts);
        }
      }
      case Login login -> {
        List<ListRule> rules = group.lists(CustomAlertType.LOCAL_USER);
        for (int i = 0; i < login.payload().size() && !rules.isEmpty(); i++) {
          Login.Attempt a = login.payload().get(i);
          if (a.result() != Login.Result.SUCCESS || a.operation().equalsIgnoreCase("Logout")) {
            continue; // failed attempts are the range rule's business; a logout follows a login already checked
          }
          String user = a.userName() != null && !a.userName().isBlank() ? a.userName() : a.userId();
          Map<String, String> entities = AlertEntities.of(event.deviceId()).put(AlertEntities.USER, user)
              .put(AlertEntities.REMOTE_IP, a.remoteAddress()).put(AlertEntities.PROCESS, a.executable()).build();
          String subject = "User " + user + " logged in (" + a.operation() + " by " + a.executable()
              + (a.remoteAddress() == null ? ", locally)" : ", from " + a.remoteAddress() + ")");
          check(event, i, rules, user, subject, entities, alerts);
        }
      }
      default -> {
        // no other event names a process start, a connection or a login
      }
    }
  }

  private static void check(DeviceEvent event, int index, List<ListRule> rules, String value, String subject,
      Map<String, String> entities, Consumer<Alert> alerts) {
    for (ListRule r : rules) {
      String matched = r.values().match(value);
      if (r.rule().list() == ListMode.ALLOW && matched == null) {
        alerts.accept(CustomAlert.list(event, index, r.rule(), subject, value, null, entities));
      } else if (r.rule().list() == ListMode.DENY && matched != null) {
        alerts.accept(CustomAlert.list(event, index, r.rule(), subject, value, matched, entities));
      }
    }
  }
}
