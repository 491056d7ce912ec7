package io.vigil.agent.collect.firewall;

import io.vigil.agent.collect.firewall.NftTokenizer.Kind;
import io.vigil.agent.collect.firewall.NftTokenizer.Token;
import io.vigil.model.event.FirewallConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a simple {@code nftables.conf}: {@code flush ruleset} and {@code table} blocks holding
 * chains (with their type, hook, priority and policy) and rules; sets and other objects are
 * skipped.
 *
 * <p>Anything beyond that ({@code include}, {@code define} and {@code $variables}, {@code add rule}
 * commands) makes the whole file unparsed: a {@link FirewallParseException} says what and on which
 * line, and the collector reports the file as such rather than guessing.
 */
final class NftTextParser {
  private static final Set<String> FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
  private static final Set<String> SKIPPED_OBJECTS =
      Set.of("set", "map", "flowtable", "counter", "quota", "ct", "limit", "secmark", "synproxy");

  private final String source;
  private final String text;
  private List<Token> tokens;
  private int pos;
  private final List<Ruleset.Chain> chains = new ArrayList<>();

  /** @param source the file, as named in problems */
  NftTextParser(String source, String text) {
    this.source = source;
    this.text = text;
  }

  /**
   * The chains of the file.
   *
   * @throws FirewallParseException if the file is not simple enough, or malformed, naming the line
   */
  Ruleset parse() throws FirewallParseException {
    tokens = NftTokenizer.tokens(source, text);
    while (skipSeparators()) {
      Token t = next();
      if (t.isWord("flush")) {
        statement();
      } else if (t.isWord("table")) {
        table();
      } else if (t.kind() == Kind.WORD) {
        throw unsupported(t, "'" + t.text() + "' at the top level");
      } else {
        throw error(t, "unexpected '" + t.text() + "' at the top level");
      }
    }
    return new Ruleset(chains, Set.of(), List.of());
  }

  private void table() throws FirewallParseException {
    List<Token> head = statementUntilOpen("table");
    String family = head.size() == 2 ? head.get(0).text() : "ip";
    if (head.isEmpty() || head.size() > 2 || (head.size() == 2 && !FAMILIES.contains(family))) {
      throw error(head.isEmpty() ? current() : head.get(0), "expected 'table [family] name {'");
    }
    String table = head.getLast().text();
    while (skipSeparators()) {
      Token t = next();
      if (t.kind() == Kind.CLOSE) {
        return;
      }
      if (t.isWord("chain")) {
        chain(family, table);
      } else if (t.kind() == Kind.WORD && SKIPPED_OBJECTS.contains(t.text())) {
        statementUntilOpen(t.text());
        skipBlock(t);
      } else if (t.isWord("flags") || t.isWord("comment")) {
        statement();
      } else {
        throw unsupported(t, "'" + t.text() + "' in table '" + table + "'");
      }
    }
    throw error(tokens.getLast(), "table '" + table + "' is not closed with '}'");
  }

  private void chain(String family, String table) throws FirewallParseException {
    List<Token> head = statementUntilOpen("chain");
    if (head.size() != 1) {
      throw error(head.isEmpty() ? current() : head.get(0), "expected 'chain name {'");
    }
    String name = head.getFirst().text();
    String type = null;
    String hook = null;
    String priority = null;
    String policy = null;
    StringBuilder raw = new StringBuilder();
    List<List<Token>> ruleTokens = new ArrayList<>();
    while (skipSeparators()) {
      if (current().kind() == Kind.CLOSE) {
        next();
        ChainInfo info = new ChainInfo("nftables", family, table, name, hook, type, priority, hook == null ? null : policy,
            raw.toString().strip(), source);
        List<FirewallConfiguration.Rule> rules = new ArrayList<>();
        for (List<Token> rule : ruleTokens) {
          rules.add(NftTextRule.read(rule).toRule(info, rules.size(), rawText(rule)));
        }
        chains.add(new Ruleset.Chain(info, rules));
        return;
      }
      List<Token> stmt = statement();
      Token first = stmt.getFirst();
      if (first.isWord("type")) {
        if (stmt.size() < 6 || !stmt.get(2).isWord("hook") || !stmt.get(4).isWord("priority")) {
          throw error(first, "expected 'type TYPE hook HOOK priority PRIORITY' in chain '" + name + "'");
        }
        type = stmt.get(1).text();
        hook = stmt.get(3).text();
        priority = rawText(stmt.subList(5, stmt.size()));
        raw.append(rawText(stmt)).append("; ");
      } else if (first.isWord("policy")) {
        if (stmt.size() != 2) {
          throw error(first, "expected 'policy accept|drop' in chain '" + name + "'");
        }
        policy = stmt.get(1).text();
        raw.append(rawText(stmt)).append(";");
      } else if (!first.isWord("comment") && !first.isWord("devices") && !first.isWord("device")) {
        for (Token t : stmt) {
          if (t.kind() == Kind.WORD && t.text().startsWith("$")) {
            throw unsupported(t, "variable '" + t.text() + "'");
          }
        }
        ruleTokens.add(stmt);
      }
    }
    throw error(tokens.getLast(), "chain '" + name + "' is not closed with '}'");
  }

  /** The tokens up to the end of the statement; braces inside it (sets) may span lines. */
  private List<Token> statement() throws FirewallParseException {
    List<Token> stmt = new ArrayList<>();
    int depth = 0;
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (depth == 0 && (t.endsStatement() || t.kind() == Kind.CLOSE)) {
        break;
      }
      pos++;
      if (t.kind() == Kind.OPEN) {
        depth++;
      } else if (t.kind() == Kind.CLOSE) {
        depth--;
      }
      if (t.kind() != Kind.NEWLINE) {
        stmt.add(t);
      }
    }
    if (depth > 0) {
      throw error(stmt.getFirst(), "a '{' in this statement is not closed");
    }
    return stmt;
  }

  /** The words after {@code keyword} up to the '{' that opens its block, which is consumed. */
  private List<Token> statementUntilOpen(String keyword) throws FirewallParseException {
    List<Token> head = new ArrayList<>();
    while (pos < tokens.size() && (tokens.get(pos).kind() == Kind.WORD || tokens.get(pos).kind() == Kind.NEWLINE)) {
      Token t = tokens.get(pos++);
      if (t.kind() == Kind.WORD) {
        head.add(t);
      }
    }
    if (pos >= tokens.size() || tokens.get(pos).kind() != Kind.OPEN) {
      throw error(pos < tokens.size() ? tokens.get(pos) : tokens.getLast(), "expected '{' after '" + keyword + "'");
    }
    pos++;
    return head;
  }

  private void skipBlock(Token opener) throws FirewallParseException {
    int depth = 1;
    while (pos < tokens.size() && depth > 0) {
      Kind k = tokens.get(pos++).kind();
      depth += k == Kind.OPEN ? 1 : k == Kind.CLOSE ? -1 : 0;
    }
    if (depth > 0) {
      throw error(opener, "'" + opener.text() + "' block is not closed with '}'");
    }
  }

  /** Skips line ends and semicolons; false at the end of input. */
  private boolean skipSeparators() {
    while (pos < tokens.size() && tokens.get(pos).endsStatement()) {
      pos++;
    }
    return pos < tokens.size();
  }

  private Token next() {
    return tokens.get(pos++);
  }

  private Token current() {
    return tokens.get(Math.min(pos, tokens.size() - 1));
  }

  private String rawText(List<Token> stmt) {
    return text.substring(stmt.getFirst().start(), stmt.getLast().end()).replace("\\\n", " ").replaceAll("\\s+", " ");
  }

  private FirewallParseException unsupported(Token t, String what) {
    return new FirewallParseException(source + " line " + t.line() + ": " + what
        + " is beyond what the simple nftables.conf reader supports");
  }

  private FirewallParseException error(Token t, String what) {
    return new FirewallParseException(source + " line " + t.line() + ": " + what);
  }
}
