package io.vigil.detect.sigma;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the documents of a YAML text into {@link YamlNode} trees with line numbers. */
final class YamlReader {
  /** Deep enough for any rule; stops alias cycles and nesting bombs. */
  private static final int MAX_DEPTH = 32;

  private YamlReader() {}

  /**
   * One document of a file: its root (null for an empty document) or why it could not be read.
   *
   * @param index 0-based position of the document in the file
   */
  record Document(int index, YamlNode root, RuleException error) {}

  /**
   * The documents of {@code text}, in order. A syntax error ends the list with a document that
   * carries it: SnakeYAML cannot resume after one, but the documents before it stand.
   */
  static List<Document> read(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Document> docs = new ArrayList<>();
    Iterator<Node> it = yaml.composeAll(new StringReader(text)).iterator();
    while (true) {
      int index = docs.size();
      try {
        if (!it.hasNext()) {
          return docs;
        }
        YamlNode root = it.next() instanceof Node node ? convert(node, 0) : null;
        // "---" followed by nothing is an empty document, not a rule that is null.
        docs.add(new Document(index, root instanceof YamlNode.Scalar s && s.isNull() ? null : root, null));
      } catch (MarkedYAMLException e) {
        int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
        docs.add(new Document(index, null, new RuleException(line, "YAML syntax error: " + e.getProblem())));
        return docs;
      } catch (YAMLException e) {
        docs.add(new Document(index, null, new RuleException(0, "YAML error: " + e.getMessage())));
        return docs;
      } catch (RuleException e) {
        docs.add(new Document(index, null, e));
      }
    }
  }

  private static YamlNode convert(Node node, int depth) {
    int line = node.getStartMark().getLine() + 1;
    if (depth > MAX_DEPTH) {
      throw new RuleException(line, "YAML nested deeper than " + MAX_DEPTH + " levels");
    }
    return switch (node) {
      case ScalarNode s -> scalar(s);
      case SequenceNode s -> {
        List<YamlNode> items = new ArrayList<>(s.getValue().size());
        for (Node item : s.getValue()) {
          items.add(convert(item, depth + 1));
        }
        yield new YamlNode.Seq(line, List.copyOf(items));
      }
      case MappingNode m -> {
        List<YamlNode.Entry> entries = new ArrayList<>(m.getValue().size());
        HashMap<String, Integer> seen = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
            throw new RuleException(t.getKeyNode().getStartMark().getLine() + 1, "a map key must be a plain value");
          }
          YamlNode.Scalar key = scalar(keyNode);
          Integer first = seen.putIfAbsent(key.text(), key.line());
          if (first != null) {
            throw new RuleException(key.line(), "duplicate key '" + key.text() + "' (first on line " + first + ")");
          }
          entries.add(new YamlNode.Entry(key, convert(t.getValueNode(), depth + 1)));
        }
        yield new YamlNode.Map(line, List.copyOf(entries));
      }
      default -> throw new RuleException(line, "unsupported YAML node " + node.getNodeId());
    };
  }

  private static YamlNode.Scalar scalar(ScalarNode s) {
    int line = s.getStartMark().getLine() + 1;
    Tag tag = s.getTag();
    String text = s.getValue();
    if (Tag.NULL.equals(tag)) {
      return new YamlNode.Scalar(line, "", YamlNode.Kind.NULL);
    }
    if (Tag.BOOL.equals(tag)) {
      String lower = text.toLowerCase(Locale.ROOT);
      boolean value = lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("y");
      return new YamlNode.Scalar(line, Boolean.toString(value), YamlNode.Kind.BOOL);
    }
    if (Tag.INT.equals(tag)) {
      return new YamlNode.Scalar(line, text, YamlNode.Kind.INT);
    }
    if (Tag.FLOAT.equals(tag)) {
      return new YamlNode.Scalar(line, text, YamlNode.Kind.FLOAT);
    }
    return new YamlNode.Scalar(line, text, YamlNode.Kind.STRING);
  }
}
