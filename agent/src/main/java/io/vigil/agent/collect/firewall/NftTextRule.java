package io.vigil.agent.collect.firewall;

import io.vigil.agent.collect.firewall.NftTokenizer.Kind;
import io.vigil.agent.collect.firewall.NftTokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one rule written in nft syntax ({@code ip saddr 10.0.0.0/8 tcp dport { 22, 80 } accept})
 * into {@link RuleFields}.
 *
 * <p>Knows the payload selectors ({@code ip saddr}, {@code tcp dport} ...), meta and ct keys, the
 * verdicts and the common statements. Words it does not know are kept, up to the next word it
 * knows, as an OtherMatches entry, so nothing is silently dropped.
 */
final class NftTextRule {
  private static final Set<String> PAYLOAD = Set.of("ip", "ip6", "tcp", "udp", "udplite", "sctp", "dccp", "th", "icmp",
      "icmpv6", "igmp", "ether", "arp", "vlan", "ah", "esp", "comp");
  private static final Set<String> BARE_META = Set.of("iif", "iifname", "oif", "oifname", "l4proto", "nfproto", "mark",
      "skuid", "skgid", "iiftype", "oiftype", "pkttype", "cgroup");
  private static final Set<String> VERDICTS = Set.of("accept", "drop", "reject", "return", "continue", "queue", "jump", "goto");
  private static final Set<String> STATEMENTS = Set.of("counter", "log", "limit", "masquerade", "snat", "dnat", "redirect",
      "notrack", "comment", "meta", "ct", "quota", "synproxy", "tproxy", "dup", "fwd");
  private static final Set<String> OPERATORS = Set.of("==", "!=", "eq", "ne", "<", ">", "<=", ">=", "lt", "gt", "le", "ge");

  private final List<Token> tokens;
  private final RuleFields fields = new RuleFields();
  private int pos;

  private NftTextRule(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The fields of the rule made of {@code tokens}. */
  static RuleFields read(List<Token> tokens) {
    NftTextRule rule = new NftTextRule(tokens);
    rule.read();
    return rule.fields;
  }

  private void read() {
    while (pos < tokens.size()) {
      Token t = tokens.get(pos++);
      String w = t.text();
      if (t.kind() != Kind.WORD) {
        fields.other(w);
      } else if ((w.equals("meta") || w.equals("ct")) && pos < tokens.size()) {
        selector(w, tokens.get(pos++).text());
      } else if (BARE_META.contains(w)) {
        selector("meta", w);
      } else if (PAYLOAD.contains(w) && pos < tokens.size() && !isKeyword(tokens.get(pos))) {
        selector(w, tokens.get(pos++).text());
      } else if (w.equals("jump") || w.equals("goto")) {
        fields.statement(w, pos < tokens.size() ? tokens.get(pos++).text() : "?");
      } else if (w.equals("reject")) {
        fields.statement(w, null);
        while (pos < tokens.size() && !tokens.get(pos).isWord("comment")) {
          pos++; // "with icmp type port-unreachable" and the like: detail of the reject
        }
      } else if (VERDICTS.contains(w)) {
        fields.statement(w, null);
      } else if (w.equals("comment")) {
        fields.comment(pos < tokens.size() ? tokens.get(pos++).text() : "");
      } else if (w.equals("counter")) {
        arguments();
      } else if (STATEMENTS.contains(w)) {
        fields.statement(w, null);
        arguments();
      } else {
        fields.other((w + " " + arguments()).strip());
      }
    }
  }

  /** A match on {@code selector field}, or a statement that sets it ({@code meta mark set 1}). */
  private void selector(String selector, String field) {
    if (pos < tokens.size() && tokens.get(pos).isWord("set")) {
      pos++;
      fields.statement("mangle", null);
      arguments();
      return;
    }
    String op = "==";
    if (pos < tokens.size() && tokens.get(pos).kind() == Kind.WORD && OPERATORS.contains(tokens.get(pos).text())) {
      op = tokens.get(pos++).text();
    }
    String value = value();
    switch (op) {
      case "==", "eq" -> fields.match(selector, field, false, value);
      case "!=", "ne" -> fields.match(selector, field, true, value);
      default -> fields.other(selector + " " + field + " " + op + " " + value);
    }
  }

  /** A value: one word, a comma list ({@code established,related}) or a set ({@code { 22, 80 }}). */
  private String value() {
    List<String> parts = new ArrayList<>();
    if (pos < tokens.size() && tokens.get(pos).kind() == Kind.OPEN) {
      pos++;
      while (pos < tokens.size() && tokens.get(pos).kind() != Kind.CLOSE) {
        Token t = tokens.get(pos++);
        if (t.kind() == Kind.WORD || t.kind() == Kind.STRING) {
          parts.add(t.text());
        }
      }
      pos++; // the closing brace
      return String.join(",", parts);
    }
    while (pos < tokens.size()) {
      Token t = tokens.get(pos++);
      parts.add(t.text());
      if (pos < tokens.size() && tokens.get(pos).kind() == Kind.COMMA) {
        pos++;
      } else {
        break;
      }
    }
    return String.join(",", parts);
  }

  /** Skips the words that belong to the statement just read, up to the next known word; returns them. */
  private String arguments() {
    StringBuilder args = new StringBuilder();
    while (pos < tokens.size() && !isKeyword(tokens.get(pos))) {
      args.append(args.isEmpty() ? "" : " ").append(tokens.get(pos++).text());
    }
    return args.toString();
  }

  private static boolean isKeyword(Token t) {
    String w = t.text();
    return t.kind() == Kind.WORD && (PAYLOAD.contains(w) || BARE_META.contains(w) || VERDICTS.contains(w) || STATEMENTS.contains(w));
  }
}
