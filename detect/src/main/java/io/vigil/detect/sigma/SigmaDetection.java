package io.vigil.detect.sigma;

import io.vigil.detect.Detection;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs Sigma rules as a {@link Detection}: each payload item of a device event becomes a Sigma
 * event through the logsource mapping (see the module README), at the event's own time, and every
 * rule match that alerts on its own raises an alert.
 *
 * <p>Correlation state and timers are the engine's ({@link SigmaEngine.Builder}). Called by one
 * thread at a time for a given device.
 */
public final class SigmaDetection implements Detection {
  private final SigmaEngine engine;

  public SigmaDetection(SigmaEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    Instant time = event.event().header().timestampUtc();
    String eventId = event.event().header().id();
    List<LogsourceMapping.Item> items = LogsourceMapping.items(event);
    for (int i = 0; i < items.size(); i++) {
      LogsourceMapping.Item item = items.get(i);
      for (RuleMatch m : engine.process(event.deviceId(), time, item.logsources(), item.fields())) {
        if (!m.alerts()) {
          continue;
        }
        alerts.accept(m.rule().isCorrelation()
            ? SigmaAlerts.correlation(m, event.deviceId(), event.received())
            : SigmaAlerts.detection(m, event.deviceId(), eventId, i, item.fields(), event.received()));
      }
    }
  }

  /**
   * Decides the device's correlation windows that closed by event time {@code time}: what the
   * runtime calls when an {@link EventTimers} timer is due. Alerts carry {@code time} as their
   * TimeGenerated.
   */
  public void onTimer(String deviceId, Instant time, Consumer<Alert> alerts) {
    for (RuleMatch m : engine.advance(deviceId, time)) {
      if (m.alerts()) {
        alerts.accept(SigmaAlerts.correlation(m, deviceId, time));
      }
    }
  }
}
