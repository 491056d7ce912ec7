package io.vigil.model;

/**
 * Where an alert is in its lifecycle: {@code New} when raised, {@code Active} once someone works on
 * it, then {@code Resolved} (dealt with) or {@code Dismissed} (not worth acting on).
 */
public enum AlertStatus implements WireName {
  NEW,
  ACTIVE,
  RESOLVED,
  DISMISSED
}
