package io.vigil.detect.sigma;

import java.util.List;

/**
 * A YAML node and the line it starts on: the only YAML types the rule parser sees. {@link
 * YamlReader} adapts SnakeYAML's nodes into these, so no SnakeYAML type leaves that class.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Seq, YamlNode.Map {
  /** The 1-based line the node starts on. */
  int line();

  /** What a plain scalar resolved to; quoted scalars are always STRING. */
  enum Kind { STRING, INT, FLOAT, BOOL, NULL }

  /**
   * A scalar. A BOOL's text is {@code true} or {@code false} whatever its spelling ({@code yes},
   * {@code On}), as YAML 1.1 and pySigma read it; a NULL's text is empty.
   */
  record Scalar(int line, String text, Kind kind) implements YamlNode {
    boolean isNull() {
      return kind == Kind.NULL;
    }
  }

  record Seq(int line, List<YamlNode> items) implements YamlNode {}

  /** A mapping, its keys unique and in document order. */
  record Map(int line, List<Entry> entries) implements YamlNode {
    /** The value under {@code key}, or null when there is none. */
    YamlNode get(String key) {
      for (Entry e : entries) {
        if (e.key().text().equals(key)) {
          return e.value();
        }
      }
      return null;
    }

    /** The line of {@code key} itself, or of the map when it has no such key. */
    int keyLine(String key) {
      for (Entry e : entries) {
        if (e.key().text().equals(key)) {
          return e.key().line();
        }
      }
      return line;
    }
  }

  record Entry(Scalar key, YamlNode value) {}

  /** How a node is named in error messages. */
  static String describe(YamlNode node) {
    return switch (node) {
      case Scalar s -> s.isNull() ? "null" : "a value";
      case Seq s -> "a list";
      case Map m -> "a map";
    };
  }
}
