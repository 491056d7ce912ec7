package io.vigil.detect.sigma;

import java.util.function.Function;

/**
 * Decides whether a rule's match is suppressed: the rule is switched off (for the device's
 * security group, or everywhere), or an exception of the rule covers the event. The engine asks
 * before a detection match is raised or fed to correlations, and before a correlation fires; a
 * suppressed match is as if the rule had not matched.
 *
 * <p>Called on the device's thread for every match, so it must be cheap, must not block, and must
 * be safe to call from several threads at once.
 */
@FunctionalInterface
public interface MatchFilter {
  /**
   * @param rule the rule that matched
   * @param securityGroup the device's security group; null when not known
   * @param fields the value of a field of the event (for a correlation: of its group-by fields),
   *     null when it has none
   */
  boolean suppresses(SigmaRule rule, String securityGroup, Function<String, String> fields);

  /** Suppresses nothing. */
  static MatchFilter none() {
    return (rule, group, fields) -> false;
  }
}
