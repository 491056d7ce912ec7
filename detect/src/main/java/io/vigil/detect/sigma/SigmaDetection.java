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
  private final DueTimers timers;
  private final java.time.Duration lateness;

  public SigmaDetection(SigmaEngine engine) {
    this(engine, null, java.time.Duration.ZERO);
  }

  /**
   * A detection whose silent devices' windows are decided by {@link #advance}: {@code timers} must
   * be the ones the engine was built with ({@link SigmaEngine.Builder#timers}).
   *
   * @param lateness how long past a window's end the runtime's clock must be before it is decided
   */
  public SigmaDetection(SigmaEngine engine, DueTimers timers, java.time.Duration lateness) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.timers = timers;
    this.lateness = Objects.requireNonNull(lateness, "lateness");
  }

  @Override
  public void advance(Instant now, Consumer<Alert> alerts) {
    if (timers == null) {
      return;
    }
    for (DueTimers.Due due : timers.pollDue(now, lateness)) {
      onTimer(due.deviceId(), due.time(), alerts);
    }
  }

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    Instant time = event.event().header().timestampUtc();
    String eventId = event.event().header().id();
    List<LogsourceMapping.Item> items = LogsourceMapping.items(event);
    for (int i = 0; i < items.size(); i++) {
      LogsourceMapping.Item item = items.get(i);
      for (RuleMatch m : engine.process(event.deviceId(), time, eventId, item.logsources(), item.fields())) {
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
