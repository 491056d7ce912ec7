package io.vigil.agent.collect.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the options of one iptables rule ({@code -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT})
 * into {@link RuleFields}.
 *
 * <p>Known options map to the normal form; any other option is kept verbatim in OtherMatches, with
 * the words that follow it up to the next option. Everything after the target belongs to the
 * target and is only kept in the raw text.
 */
final class IptablesRuleReader {
  private final String family;
  private final Set<String> chains;
  private String protocol = "th";

  /**
   * @param family {@code ip} or {@code ip6}: the address selector of -s and -d
   * @param chains the chains of the table, so that a jump to one is told from a target extension
   */
  IptablesRuleReader(String family, Set<String> chains) {
    this.family = family;
    this.chains = chains;
  }

  /**
   * Splits a rule into words; double quotes group words and {@code \"} is a literal quote.
   *
   * @throws IllegalArgumentException on an unterminated quote
   */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          word.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          word.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          tokens.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote in '" + IptablesSaveParser.shorten(text) + "'");
    }
    if (word != null) {
      tokens.add(word.toString());
    }
    return tokens;
  }

  /**
   * The fields of the rule whose options (after {@code -A CHAIN}) are {@code options}.
   *
   * @throws IllegalArgumentException naming an option that lacks its value
   */
  RuleFields read(List<String> options) {
    RuleFields fields = new RuleFields();
    boolean negated = false;
    int i = 0;
    while (i < options.size()) {
      String option = options.get(i++);
      if (option.equals("!")) {
        negated = true;
        continue;
      }
      switch (option) {
        case "-s", "--source", "--src" -> fields.match(family, "saddr", negated, value(options, i++, option));
        case "-d", "--destination", "--dst" -> fields.match(family, "daddr", negated, value(options, i++, option));
        case "-p", "--protocol" -> {
          protocol = value(options, i++, option).toLowerCase(Locale.ROOT);
          fields.match("meta", "l4proto", negated, protocol);
        }
        case "-i", "--in-interface" -> fields.match("meta", "iifname", negated, value(options, i++, option));
        case "-o", "--out-interface" -> fields.match("meta", "oifname", negated, value(options, i++, option));
        case "-m", "--match" -> value(options, i++, option); // the options that follow say what it matches
        case "--dport", "--destination-port", "--dports", "--destination-ports" ->
            fields.match(protocol, "dport", negated, ports(value(options, i++, option)));
        case "--sport", "--source-port", "--sports", "--source-ports" ->
            fields.match(protocol, "sport", negated, ports(value(options, i++, option)));
        case "--ctstate", "--state" ->
            fields.match("ct", "state", negated, value(options, i++, option).toLowerCase(Locale.ROOT));
        case "--comment" -> fields.comment(value(options, i++, option));
        case "-c", "--set-counters" -> i += 2;
        case "-j", "--jump", "-g", "--goto" -> {
          target(fields, value(options, i++, option), option.equals("-g") || option.equals("--goto"));
          return fields; // the rest are the target's own options
        }
        default -> {
          if (!option.startsWith("-")) {
            throw new IllegalArgumentException("unexpected word '" + option + "' where an option was expected");
          }
          StringBuilder text = new StringBuilder(negated ? "! " : "").append(option);
          while (i < options.size() && !options.get(i).startsWith("-") && !options.get(i).equals("!")) {
            text.append(' ').append(options.get(i++));
          }
          fields.other(text.toString());
        }
      }
      negated = false;
    }
    return fields;
  }

  private void target(RuleFields fields, String target, boolean isGoto) {
    switch (target) {
      case "ACCEPT", "DROP", "REJECT", "RETURN" -> fields.statement(target.toLowerCase(Locale.ROOT), null);
      case "QUEUE", "NFQUEUE" -> fields.statement("queue", target);
      default -> {
        if (chains.contains(target)) {
          fields.statement(isGoto ? "goto" : "jump", target);
        } else {
          fields.statement(target.toLowerCase(Locale.ROOT), target); // an extension: LOG, DNAT, MASQUERADE ...
        }
      }
    }
  }

  /** The value that follows {@code option}, at {@code index}. */
  private static String value(List<String> options, int index, String option) {
    if (index >= options.size()) {
      throw new IllegalArgumentException("option '" + option + "' needs a value");
    }
    return options.get(index);
  }

  /** iptables writes a port range as {@code low:high}; the normal form is {@code low-high}. */
  private static String ports(String value) {
    return value.replace(':', '-');
  }
}
