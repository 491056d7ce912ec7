package io.vigil.detect;

/**
 * One kind of per-device state of a detection, kept by the runtime between events: what a Flink
 * {@code KeyedProcessFunction} keeps in a {@code ValueState}.
 *
 * <p>The contract, which every runtime may enforce: a detection calls {@link #get}, {@link #put} and
 * {@link #remove} only for the device whose event or timer it is handling; a state value is plain
 * data (records, strings, numbers, enums, {@code Instant}, {@code Duration}, lists, sets and maps of
 * those) that the runtime may serialize; and a change counts only once it is {@link #put}, because
 * {@link #get} may return a fresh copy each time.
 *
 * @param <S> the state's type
 */
public interface DeviceState<S> {
  /** The device's state, or null when it has none. */
  S get(String deviceId);

  /** Stores the device's state after the detection changed it. */
  void put(String deviceId, S state);

  /** Forgets the device's state. */
  void remove(String deviceId);
}
