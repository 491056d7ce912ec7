package io.vigil.agent.spool;

/** How much a spooled record matters when the spool is full: LOW records are dropped first, HIGH last. */
public enum Priority {
  HIGH,
  MEDIUM,
  LOW
}
