package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;

/** Checks shared by the compact constructors of the event records. */
final class Payloads {
  private Payloads() {}

  /** An immutable copy of {@code payload}, refusing an empty one where {@code kind} is triggered. */
  static <T> List<T> of(EventKind kind, EventHeader header, List<T> payload) {
    Require.present(header, kind.eventName() + " header");
    List<T> copy = Require.copy(Require.present(payload, kind.eventName() + " payload"), kind.eventName() + " payload");
    if (copy.isEmpty() && kind.category() == EventCategory.TRIGGERED) {
      throw new IllegalArgumentException(kind.eventName() + " is a triggered event and needs at least one payload item");
    }
    return copy;
  }
}
