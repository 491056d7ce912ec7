package io.vigil.detect;

import io.vigil.detect.lifecycle.AlertEntities;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.ProcessCreate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Raises {@code IoT_CryptoMiner} when a started process's executable or command line names a
 * well-known coin miner (xmrig, cpuminer, minerd) or a mining-pool URL ({@code stratum+tcp://},
 * {@code stratum+ssl://}, {@code stratum2+tcp://}).
 *
 * <p>Matching is case-insensitive and literal: the '+' of {@code stratum+tcp} is a plus sign.
 */
final class CryptoMinerDetection implements Detection {
  static final String RULE_ID = "builtin:crypto-miner";

  private static final List<String> MINER_NAMES = List.of("xmrig", "cpuminer", "minerd");
  private static final List<String> POOL_SCHEMES = List.of("stratum+tcp://", "stratum+ssl://", "stratum2+tcp://");

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    if (!(event.event() instanceof ProcessCreate created)) {
      return;
    }
    List<ProcessCreate.Process> processes = created.payload();
    for (int i = 0; i < processes.size(); i++) {
      ProcessCreate.Process p = processes.get(i);
      String evidence = evidence(p);
      if (evidence != null) {
        alerts.accept(alert(event, created, i, p, evidence));
      }
    }
  }

  /** What in the process named a miner, or null if nothing did. */
  static String evidence(ProcessCreate.Process p) {
    String exe = baseName(p.executable()).toLowerCase(Locale.ROOT);
    String cmd = p.commandLine().toLowerCase(Locale.ROOT);
    for (String name : MINER_NAMES) {
      if (exe.contains(name)) {
        return "executable name contains '" + name + "'";
      }
      if (cmd.contains(name)) {
        return "command line contains '" + name + "'";
      }
    }
    for (String scheme : POOL_SCHEMES) {
      if (cmd.contains(scheme)) {
        return "command line names a mining pool (" + scheme + ")";
      }
    }
    return null;
  }

  private static Alert alert(DeviceEvent event, ProcessCreate created, int index, ProcessCreate.Process p, String evidence) {
    String occurrence = RULE_ID + "|" + event.deviceId() + "|" + created.header().id() + "|" + index;
    Map<String, String> entities = AlertEntities.of(event.deviceId())
        .put(AlertEntities.PROCESS, p.executable())
        .put(AlertEntities.COMMAND_LINE, p.commandLine())
        .put(AlertEntities.PROCESS_ID, Long.toString(p.processId()))
        .putFirst(AlertEntities.USER, p.userName(), p.userId())
        .put("UserId", p.userId())
        .build();
    return new Alert(
        UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8)).toString(),
        "IoT_CryptoMiner",
        "Crypto coin miner detected",
        Severity.HIGH,
        "Process " + p.executable() + " (pid " + p.processId() + ") looks like a crypto coin miner: " + evidence
            + ". Command line: " + p.commandLine(),
        "Stop the process, remove its executable and find how it got onto the device: check cron, systemd units,"
            + " recently created files and the account that started it. Rotate that account's credentials.",
        event.deviceId(),
        entities,
        Map.of("Evidence", evidence, "EventId", created.header().id()),
        AlertStatus.NEW,
        1,
        created.header().timestampUtc(),
        created.header().timestampUtc(),
        event.received(),
        RULE_ID,
        List.of("Impact"),
        List.of("T1496"));
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
