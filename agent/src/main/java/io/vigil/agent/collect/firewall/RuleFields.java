package io.vigil.agent.collect.firewall;

import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.FirewallConfiguration.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers what one rule matches and does, from whichever syntax it was written in, and turns it
 * into a normalized {@link FirewallConfiguration.Rule}.
 *
 * <p>Normal form: {@code *} for anything unconstrained; a negated match starts with {@code !};
 * several values are comma-separated ({@code 22,80}); a range is {@code low-high}; protocols are
 * upper case ({@code TCP}). Matches the schema has no field for go to ExtraDetails.
 */
final class RuleFields {
  static final String ANY = "*";
  private static final int MAX_RAW = 500;

  private String protocol;
  private String sourceAddress;
  private String sourcePort;
  private String destinationAddress;
  private String destinationPort;
  private String inInterface;
  private String outInterface;
  private String state;
  private String comment;
  private final List<String> otherMatches = new ArrayList<>();
  private String verdict;
  private String jump;
  private final List<String> statements = new ArrayList<>();

  /**
   * Records a match {@code selector field [!=] value}, as nftables names it: {@code ip saddr},
   * {@code tcp dport}, {@code meta l4proto}, {@code ct state}, {@code meta iifname} ...
   */
  void match(String selector, String field, boolean negated, String value) {
    String v = (negated ? "!" : "") + value;
    String key = selector + " " + field;
    switch (key) {
      case "ip saddr", "ip6 saddr" -> sourceAddress = merge(sourceAddress, v, key);
      case "ip daddr", "ip6 daddr" -> destinationAddress = merge(destinationAddress, v, key);
      case "meta l4proto", "ip protocol", "ip6 nexthdr" -> protocol = merge(protocol, (negated ? "!" : "") + protocolName(value), key);
      case "meta iifname", "meta iif" -> inInterface = merge(inInterface, v, key);
      case "meta oifname", "meta oif" -> outInterface = merge(outInterface, v, key);
      case "ct state" -> state = merge(state, v, key);
      default -> {
        if (field.equals("dport") || field.equals("sport")) {
          if (!selector.equals("th")) {
            protocol = merge(protocol, protocolName(selector), selector + " " + field);
          }
          if (field.equals("dport")) {
            destinationPort = merge(destinationPort, v, key);
          } else {
            sourcePort = merge(sourcePort, v, key);
          }
        } else {
          if (selector.equals("icmp") || selector.equals("icmpv6")) {
            protocol = merge(protocol, protocolName(selector), key);
          }
          otherMatches.add(key + (negated ? " != " : " ") + value);
        }
      }
    }
  }

  /** A match that has no normal form, as text. */
  void other(String text) {
    otherMatches.add(text);
  }

  void comment(String text) {
    comment = text;
  }

  /**
   * Records a statement: a verdict ({@code accept}, {@code drop}, {@code reject}, {@code jump},
   * {@code goto}, {@code return}, {@code continue}, {@code queue}) or another action such as
   * {@code masquerade} or {@code log}. The first verdict wins: it ends the rule.
   *
   * @param target the chain of a jump or goto; null otherwise
   */
  void statement(String name, String target) {
    String n = name.toLowerCase(Locale.ROOT);
    if (verdict != null) {
      return;
    }
    switch (n) {
      case "accept", "drop", "reject", "jump", "goto", "return", "continue", "queue" -> {
        verdict = n;
        jump = target;
      }
      default -> {
        if (target != null) {
          jump = target;
        }
        statements.add(n);
      }
    }
  }

  /** The rule at {@code index} of {@code chain}, {@code raw} being its source text. */
  FirewallConfiguration.Rule toRule(ChainInfo chain, long index, String raw) {
    String finalVerdict = verdict != null ? verdict : statements.isEmpty() ? "continue" : statements.getFirst();
    Map<String, String> details = chain.details("Rule");
    details.put("Verdict", finalVerdict);
    putIf(details, "Jump", jump);
    putIf(details, "InInterface", inInterface);
    putIf(details, "OutInterface", outInterface);
    putIf(details, "State", state);
    putIf(details, "Comment", comment);
    if (!otherMatches.isEmpty()) {
      details.put("OtherMatches", String.join("; ", otherMatches));
    }
    if (verdict != null && !statements.isEmpty()) {
      details.put("Statements", String.join(",", statements));
    }
    details.put("Raw", truncate(raw));
    return new FirewallConfiguration.Rule(index, chain.direction(), chain.name(), ANY, true, action(finalVerdict),
        or(sourceAddress), or(sourcePort), or(destinationAddress), or(destinationPort), or(protocol), details);
  }

  /** The action of a verdict: accept allows, drop and reject deny, everything else is Other. */
  static Action action(String verdict) {
    return switch (verdict.toLowerCase(Locale.ROOT)) {
      case "accept" -> Action.ALLOW;
      case "drop", "reject" -> Action.DENY;
      default -> Action.OTHER;
    };
  }

  /** A protocol's upper-case name; the common numbers are named too. */
  static String protocolName(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "6" -> "TCP";
      case "17" -> "UDP";
      case "1" -> "ICMP";
      case "58", "ipv6-icmp", "icmp6" -> "ICMPV6";
      case "all", "0" -> ANY;
      default -> value.toUpperCase(Locale.ROOT);
    };
  }

  static String truncate(String raw) {
    return raw.length() <= MAX_RAW ? raw : raw.substring(0, MAX_RAW);
  }

  private String merge(String current, String value, String key) {
    if (current == null || current.equals(value)) {
      return value;
    }
    otherMatches.add(key + " " + value); // a second constraint on the same field: keep it visible
    return current;
  }

  private static String or(String value) {
    return value == null ? ANY : value;
  }

  private static void putIf(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
