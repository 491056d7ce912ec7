package io.vigil.detect.recommend;

import io.vigil.model.Severity;
import java.util.Map;

/**
 * One thing a snapshot shows that should be fixed: a recommendation kind and the subject it is about
 * on this device (a port, a chain, a baseline check), with the evidence.
 *
 * @param kind which recommendation
 * @param subject what on the device it is about; unique per kind and device, stable across snapshots
 * @param severity how much it matters
 * @param description what was found, with the evidence
 * @param additionalData the evidence as key/value pairs
 */
record Finding(RecommendationKind kind, String subject, Severity severity, String description, Map<String, String> additionalData) {}
