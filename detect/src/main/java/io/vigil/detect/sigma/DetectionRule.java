package io.vigil.detect.sigma;

/**
 * A compiled detection rule.
 *
 * @param search the condition over the compiled search identifiers
 * @param anchors the prefilter literals; null when the rule must see every event of its logsource
 */
record DetectionRule(SigmaRule info, Search search, Anchors anchors) {}
