package io.vigil.detect;

import io.vigil.detect.sigma.CorrelationState;
import io.vigil.detect.sigma.CorrelationStore;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A tiny stream-processor runtime for detections, built the way Flink runs a
 * {@code KeyedProcessFunction} per detection, keyed by device:
 *
 * <ul>
 *   <li>each detection's state is kept per device as {@link PlainData} copies: a {@code get} hands
 *       out a fresh copy, a {@code put} stores one, so only what is put survives;
 *   <li>the detection instance is built anew for every event and every timer, so nothing kept in its
 *       fields survives either (as after a restore from a checkpoint, or on another subtask);
 *   <li>state and timers may be touched only for the device being handled;
 *   <li>event-time timers are the runtime's: {@link #advanceTo} fires every timer up to the watermark,
 *       earliest first, on the detection that registered it.
 * </ul>
 *
 * <p>Sigma's {@link CorrelationState} is opaque to this runtime: its store is keyed and checked, but
 * holds the engine's object, not a copy.
 */
final class KeyedRuntime {
  /** Builds one detection over the runtime's state and timers. */
  @FunctionalInterface
  interface Factory {
    Detection create(Operator operator);
  }

  private record Timer(Instant time, String deviceId) {}

  private final List<Operator> operators = new ArrayList<>();
  private String currentKey;

  /** Adds a detection, run as its own keyed operator called {@code name}. */
  KeyedRuntime add(String name, Factory factory) {
    operators.add(new Operator(name, factory));
    return this;
  }

  /** Keyed state for something that is not a detection (the alert lifecycle), called {@code name}. */
  Operator states(String name) {
    Operator o = new Operator(name, null);
    operators.add(o);
    return o;
  }

  /** Runs every detection on {@code event}, keyed by its device. */
  void process(DeviceEvent event, Consumer<Alert> alerts) {
    keyed(event.deviceId(), () -> {
      for (Operator o : operators) {
        if (o.factory != null) {
          o.factory.create(o).evaluate(event, alerts);
        }
      }
      return null;
    });
  }

  /** Moves the watermark to {@code watermark}: fires every timer not after it, earliest first. */
  void advanceTo(Instant watermark, Consumer<Alert> alerts) {
    while (true) {
      Operator next = null;
      for (Operator o : operators) {
        if (!o.timers.isEmpty() && !o.timers.first().time().isAfter(watermark)
            && (next == null || o.timers.first().time().isBefore(next.timers.first().time()))) {
          next = o;
        }
      }
      if (next == null) {
        return;
      }
      Timer t = next.timers.pollFirst();
      Operator o = next;
      keyed(t.deviceId(), () -> {
        o.factory.create(o).onTimer(t.deviceId(), t.time(), alerts);
        return null;
      });
    }
  }

  /** Runs {@code action} as the handling of {@code deviceId}: the only device whose state it may touch. */
  <T> T keyed(String deviceId, Supplier<T> action) {
    currentKey = deviceId;
    try {
      return action.get();
    } finally {
      currentKey = null;
    }
  }

  private void check(String deviceId, String what) {
    if (!deviceId.equals(currentKey)) {
      throw new IllegalStateException(what + " of device '" + deviceId + "' touched while handling "
          + (currentKey == null ? "no device" : "device '" + currentKey + "'"));
    }
  }

  /** One detection's keyed state and timers. */
  final class Operator implements DeviceStates, DeviceTimers {
    private final String name;
    private final Factory factory;
    private final Map<String, Map<String, Object>> states = new HashMap<>();
    private final Map<String, CorrelationState> correlations = new HashMap<>();
    private final TreeSet<Timer> timers =
        new TreeSet<>(Comparator.comparing(Timer::time).thenComparing(Timer::deviceId));

    private Operator(String name, Factory factory) {
      this.name = name;
      this.factory = factory;
    }

    @Override
    public <S> DeviceState<S> state(String stateName, Class<S> type) {
      Map<String, Object> byDevice = states.computeIfAbsent(stateName, k -> new HashMap<>());
      String where = name + "/" + stateName;
      return new DeviceState<>() {
        @Override
        public S get(String deviceId) {
          check(deviceId, where);
          return type.cast(PlainData.copy(byDevice.get(deviceId), where + "[" + deviceId + "]"));
        }

        @Override
        public void put(String deviceId, S state) {
          check(deviceId, where);
          byDevice.put(deviceId, PlainData.copy(type.cast(state), where + "[" + deviceId + "]"));
        }

        @Override
        public void remove(String deviceId) {
          check(deviceId, where);
          byDevice.remove(deviceId);
        }
      };
    }

    @Override
    public void register(String deviceId, Instant time) {
      check(deviceId, name + " timer");
      timers.add(new Timer(time, deviceId));
    }

    /** Sigma's correlation state: keyed and checked, not copied. */
    CorrelationStore correlations() {
      return new CorrelationStore() {
        @Override
        public CorrelationState get(String deviceId) {
          check(deviceId, name + "/correlations");
          return correlations.get(deviceId);
        }

        @Override
        public void put(String deviceId, CorrelationState state) {
          check(deviceId, name + "/correlations");
          correlations.put(deviceId, state);
        }

        @Override
        public void remove(String deviceId) {
          check(deviceId, name + "/correlations");
          correlations.remove(deviceId);
        }
      };
    }

    /** How many devices have state called {@code stateName}. */
    int devices(String stateName) {
      return states.getOrDefault(stateName, Map.of()).size();
    }
  }
}
