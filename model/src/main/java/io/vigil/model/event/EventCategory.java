package io.vigil.model.event;

import io.vigil.model.WireName;

/** Periodic events are snapshots sent on a schedule; triggered events report something that happened. */
public enum EventCategory implements WireName {
  PERIODIC,
  TRIGGERED
}
