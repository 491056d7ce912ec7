package io.vigil.model.event;

import io.vigil.model.WireName;

/** The schema's coarse classification of an event. */
public enum EventType implements WireName {
  SECURITY,
  OPERATIONAL,
  DIAGNOSTIC
}
