package io.vigil.model.event;

import io.vigil.model.WireName;

/** The direction of a connection or firewall rule, seen from the device. */
public enum Direction implements WireName {
  IN,
  OUT
}
