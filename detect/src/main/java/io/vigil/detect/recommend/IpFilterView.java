package io.vigil.detect.recommend;

import java.util.List;

/**
 * An IP filter as the recommendations see it: the hub's global filter or a security group's.
 *
 * @param scope {@code global}, or the security group's name
 * @param defaultAllow true when a connection no rule matches is let through
 * @param rules the rules, in order
 */
public record IpFilterView(String scope, boolean defaultAllow, List<Rule> rules) {
  /**
   * One rule.
   *
   * @param text how the rule reads, for the evidence (for example {@code allow 10.0.0.0/8 (plant)})
   * @param allow true for an allow rule
   * @param prefix the network's prefix length
   * @param ipv6 true for an IPv6 network
   */
  public record Rule(String text, boolean allow, int prefix, boolean ipv6) {}

  public IpFilterView {
    rules = List.copyOf(rules);
  }
}
