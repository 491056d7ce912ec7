package io.vigil.server.alerts;

import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alert occurrences as the miner detection raises them, for the server's tests. */
public final class TestAlerts {
  private TestAlerts() {}

  /** The occurrence of event {@code eventId} at {@code at}: id {@code id-EVENT}, /tmp/xmrig run by pi. */
  public static Alert miner(String device, String eventId, Instant at) {
    return new Alert("id-" + eventId, "IoT_CryptoMiner", "Crypto coin miner detected", Severity.HIGH, "miner", "stop it", device,
        Map.of("Device", device, "Process", "/tmp/xmrig", "User", "pi"), Map.of("EventId", eventId), AlertStatus.NEW, 1, at, at, at,
        "builtin:crypto-miner", List.of("Impact"), List.of("T1496"));
  }
}
