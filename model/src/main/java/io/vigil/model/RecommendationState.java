package io.vigil.model;

/** A recommendation is Active until a later snapshot shows it fixed. */
public enum RecommendationState implements WireName {
  ACTIVE,
  RESOLVED
}
