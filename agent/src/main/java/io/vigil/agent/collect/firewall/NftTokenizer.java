package io.vigil.agent.collect.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits nft syntax (an {@code nftables.conf}) into tokens: words, quoted strings, braces,
 * semicolons, commas and line ends. Comments ({@code #} to the end of the line) and backslash line
 * continuations are dropped.
 */
final class NftTokenizer {
  enum Kind { WORD, STRING, OPEN, CLOSE, SEMI, COMMA, NEWLINE }

  /**
   * One token; {@code start} and {@code end} are character offsets into the source.
   *
   * @param text the word, or a string's content without its quotes
   */
  record Token(Kind kind, String text, int line, int start, int end) {
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equals(word);
    }

    /** True if this token ends a statement: a line end or a semicolon. */
    boolean endsStatement() {
      return kind == Kind.NEWLINE || kind == Kind.SEMI;
    }
  }

  private NftTokenizer() {}

  /**
   * The tokens of {@code text}.
   *
   * @throws FirewallParseException on an unterminated string, naming {@code source} and the line
   */
  static List<Token> tokens(String source, String text) throws FirewallParseException {
    List<Token> tokens = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n') {
        tokens.add(new Token(Kind.NEWLINE, "\n", line++, i, i + 1));
        i++;
      } else if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        line++;
        i += 2; // a continued line: the statement goes on
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"') {
        int close = text.indexOf('"', i + 1);
        int newline = text.indexOf('\n', i + 1);
        if (close < 0 || (newline >= 0 && newline < close)) {
          throw new FirewallParseException(source + " line " + line + ": unterminated string");
        }
        tokens.add(new Token(Kind.STRING, text.substring(i + 1, close), line, i, close + 1));
        i = close + 1;
      } else if ("{};,".indexOf(c) >= 0) {
        Kind kind = switch (c) {
          case '{' -> Kind.OPEN;
          case '}' -> Kind.CLOSE;
          case ';' -> Kind.SEMI;
          default -> Kind.COMMA;
        };
        tokens.add(new Token(kind, String.valueOf(c), line, i, i + 1));
        i++;
      } else {
        int start = i;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "{};,#\"".indexOf(text.charAt(i)) < 0) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, text.substring(start, i), line, start, i));
      }
    }
    return tokens;
  }
}
