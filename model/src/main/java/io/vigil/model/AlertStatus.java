package io.vigil.model;

/** Where an alert is in its lifecycle. */
public enum AlertStatus implements WireName {
  ACTIVE,
  RESOLVED,
  DISMISSED
}
