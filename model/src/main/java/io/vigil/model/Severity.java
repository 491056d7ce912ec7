package io.vigil.model;

/** How urgent an alert or recommendation is, highest first. */
public enum Severity implements WireName {
  HIGH,
  MEDIUM,
  LOW,
  INFORMATIONAL
}
