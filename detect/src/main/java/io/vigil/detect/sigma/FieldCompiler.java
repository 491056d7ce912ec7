package io.vigil.detect.sigma;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles one {@code field|modifiers: values} entry of a selection (or a keyword list) into a
 * {@link Search}. Every pattern, regex and network is built here, once, at load time.
 */
final class FieldCompiler {
  /** More alternatives than this from {@code |expand} is surely a mistake in the placeholders. */
  private static final int MAX_EXPANSIONS = 10_000;

  private final Map<String, List<String>> placeholders;

  FieldCompiler(Map<String, List<String>> placeholders) {
    this.placeholders = placeholders;
  }

  /** Compiles the entry {@code key: value} of a selection map. */
  Search field(YamlNode.Scalar key, YamlNode value) {
    String text = key.text();
    int bar = text.indexOf('|');
    String field = bar < 0 ? text : text.substring(0, bar);
    Modifiers mods = Modifiers.parse(text, key.line());
    List<YamlNode.Scalar> values = scalars(value, text);
    if (field.isEmpty()) {
      return keywords(values, mods);
    }
    return switch (mods.type()) {
      case "exists" -> exists(field, values, mods);
      case "fieldref" -> negate(field, mods, new Search.FieldRef(field, texts(values, mods), mods.kind(), mods.cased(), mods.all()));
      case Modifiers.STRING -> strings(field, values, mods);
      default -> negate(field, mods, Search.FieldValues.of(field, typed(values, mods), mods.all()));
    };
  }

  /** Compiles a list of keywords (or one) that a search identifier holds directly. */
  Search keywords(List<YamlNode.Scalar> values) {
    return keywords(values, Modifiers.parse("", values.isEmpty() ? 0 : values.get(0).line()));
  }

  private Search keywords(List<YamlNode.Scalar> values, Modifiers mods) {
    if (!mods.type().equals(Modifiers.STRING) || mods.kind() != Search.MatchKind.EQUALS || mods.neq()) {
      throw new RuleException(values.get(0).line(), "keywords support only the string modifiers all, cased, windash, base64, expand; got '" + mods.key() + "'");
    }
    List<ValueMatcher> matchers = new ArrayList<>();
    for (YamlNode.Scalar v : values) {
      if (v.isNull()) {
        throw new RuleException(v.line(), "a keyword cannot be null");
      }
      matchers.addAll(alternatives(v, mods, true));
    }
    return new Search.Keywords(matchers.toArray(ValueMatcher[]::new), mods.all());
  }

  private Search strings(String field, List<YamlNode.Scalar> values, Modifiers mods) {
    List<ValueMatcher> matchers = new ArrayList<>();
    List<Search> perValue = new ArrayList<>();
    boolean nullValue = false;
    for (YamlNode.Scalar v : values) {
      if (v.isNull()) {
        if (!mods.key().equals(field)) {
          throw new RuleException(v.line(), "null cannot be combined with modifiers in '" + mods.key() + "'");
        }
        nullValue = true;
        continue;
      }
      List<ValueMatcher> alternatives = alternatives(v, mods, false);
      matchers.addAll(alternatives);
      perValue.add(Search.FieldValues.of(field, alternatives, false));
    }
    Search present;
    if (matchers.isEmpty()) {
      present = null;
    } else if (mods.all()) {
      present = perValue.size() == 1 ? perValue.get(0) : new Search.All(perValue.toArray(Search[]::new));
    } else {
      present = Search.FieldValues.of(field, matchers, false);
    }
    if (present != null) {
      present = negate(field, mods, present);
    }
    if (!nullValue) {
      return present;
    }
    Search empty = new Search.FieldEmpty(field);
    return present == null ? empty : new Search.Any(new Search[] {empty, present});
  }

  /** The matchers one rule value stands for, after placeholders and transformations. */
  private List<ValueMatcher> alternatives(YamlNode.Scalar value, Modifiers mods, boolean keyword) {
    List<String> texts = mods.expand() ? expand(value, mods) : List.of(value.text());
    List<Glob> globs = new ArrayList<>();
    for (String t : texts) {
      globs.add(Glob.parse(t));
    }
    boolean cased = mods.cased();
    Charset charset = StandardCharsets.UTF_8;
    byte[] bom = new byte[0];
    for (String transform : mods.transforms()) {
      switch (transform) {
        case "windash" -> globs.replaceAll(Glob::windash);
        case "utf16le", "wide" -> charset = StandardCharsets.UTF_16LE;
        case "utf16be" -> charset = StandardCharsets.UTF_16BE;
        case "utf16" -> {
          charset = StandardCharsets.UTF_16LE;
          bom = new byte[] {(byte) 0xff, (byte) 0xfe};
        }
        case "base64", "base64offset" -> {
          List<Glob> encoded = new ArrayList<>();
          for (Glob g : globs) {
            if (!g.isLiteral()) {
              throw new RuleException(value.line(), "modifier '" + transform + "' cannot encode the wildcards in '" + value.text() + "'");
            }
            byte[] bytes = concat(bom, g.text().getBytes(charset));
            for (String e : transform.equals("base64") ? List.of(Base64.getEncoder().encodeToString(bytes)) : base64Offsets(bytes)) {
              encoded.add(Glob.literal(e));
            }
          }
          globs = encoded;
          cased = true; // Base64 is case-significant.
        }
        default -> throw new IllegalStateException("transform " + transform);
      }
    }
    boolean before = keyword || mods.kind() == Search.MatchKind.CONTAINS || mods.kind() == Search.MatchKind.ENDSWITH;
    boolean after = keyword || mods.kind() == Search.MatchKind.CONTAINS || mods.kind() == Search.MatchKind.STARTSWITH;
    List<ValueMatcher> out = new ArrayList<>(globs.size());
    for (Glob g : globs) {
      out.add(g.surround(before, after).compile(cased));
    }
    return out;
  }

  /**
   * The three encodings of {@code bytes} at offsets 0, 1 and 2 of a Base64 stream, cut to the
   * characters that do not depend on the neighbouring bytes (as pySigma's base64offset does).
   */
  static List<String> base64Offsets(byte[] bytes) {
    int[] start = {0, 2, 3};
    int[] endCut = {0, 3, 2};
    List<String> out = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      byte[] shifted = new byte[bytes.length + i];
      for (int j = 0; j < i; j++) {
        shifted[j] = ' ';
      }
      System.arraycopy(bytes, 0, shifted, i, bytes.length);
      String e = Base64.getEncoder().encodeToString(shifted);
      int end = e.length() - endCut[(bytes.length + i) % 3];
      if (end > start[i]) {
        out.add(e.substring(start[i], end));
      }
    }
    return out;
  }

  /**
   * The texts a value with {@code %placeholders%} stands for: each placeholder replaced by each of
   * its values (every combination when there are several). {@code \%} is a plain percent sign.
   */
  private List<String> expand(YamlNode.Scalar value, Modifiers mods) {
    String text = value.text();
    List<StringBuilder> out = new ArrayList<>(List.of(new StringBuilder()));
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '%') {
        out.forEach(b -> b.append('%'));
        i += 2;
        continue;
      }
      int close = c == '%' ? text.indexOf('%', i + 1) : -1;
      if (close > i + 1) {
        String name = text.substring(i + 1, close);
        List<String> values = placeholders.get(name);
        if (values == null) {
          throw new RuleException(value.line(), "placeholder '%" + name + "%' is not defined (in '" + mods.key() + "')");
        }
        List<StringBuilder> next = new ArrayList<>();
        for (StringBuilder prefix : out) {
          for (String v : values) {
            next.add(new StringBuilder(prefix).append(v));
          }
        }
        if (next.size() > MAX_EXPANSIONS) {
          throw new RuleException(value.line(), "placeholders in '" + text + "' expand to more than " + MAX_EXPANSIONS + " values");
        }
        out = next;
        i = close + 1;
        continue;
      }
      out.forEach(b -> b.append(c));
      i++;
    }
    return out.stream().map(StringBuilder::toString).toList();
  }

  private Search exists(String field, List<YamlNode.Scalar> values, Modifiers mods) {
    YamlNode.Scalar v = values.get(0);
    if (values.size() != 1 || !(v.text().equals("true") || v.text().equals("false")) || v.isNull()) {
      throw new RuleException(v.line(), "modifier 'exists' needs true or false in '" + mods.key() + "', got " + quoted(values));
    }
    return new Search.FieldExists(field, v.text().equals("true"));
  }

  /** Matchers for re, cidr and the comparisons. */
  private List<ValueMatcher> typed(List<YamlNode.Scalar> values, Modifiers mods) {
    List<ValueMatcher> out = new ArrayList<>();
    for (YamlNode.Scalar v : values) {
      if (v.isNull()) {
        throw new RuleException(v.line(), "null cannot be combined with modifiers in '" + mods.key() + "'");
      }
      out.add(switch (mods.type()) {
        case "re" -> regex(v, mods);
        case "cidr" -> {
          try {
            yield new ValueMatcher.InNetwork(Cidr.parse(v.text()));
          } catch (IllegalArgumentException e) {
            throw new RuleException(v.line(), e.getMessage() + " in '" + mods.key() + "'");
          }
        }
        default -> {
          BigDecimal bound = ValueMatcher.Compare.number(v.text());
          if (bound == null) {
            throw new RuleException(v.line(), "modifier '" + mods.type() + "' needs a number in '" + mods.key() + "', got '" + v.text() + "'");
          }
          yield new ValueMatcher.Compare(mods.type(), bound);
        }
      });
    }
    return out;
  }

  private static ValueMatcher regex(YamlNode.Scalar v, Modifiers mods) {
    int flags = 0;
    if (mods.reFlags().contains("i")) {
      flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    }
    if (mods.reFlags().contains("m")) {
      flags |= Pattern.MULTILINE;
    }
    if (mods.reFlags().contains("s")) {
      flags |= Pattern.DOTALL;
    }
    try {
      return new ValueMatcher.Regex(Pattern.compile(v.text(), flags));
    } catch (PatternSyntaxException e) {
      throw new RuleException(v.line(), "invalid regular expression '" + v.text() + "' in '" + mods.key() + "': " + e.getDescription());
    }
  }

  private static Search negate(String field, Modifiers mods, Search equal) {
    return mods.neq() ? new Search.Differs(field, equal) : equal;
  }

  private static String[] texts(List<YamlNode.Scalar> values, Modifiers mods) {
    for (YamlNode.Scalar v : values) {
      if (v.isNull() || v.text().isEmpty()) {
        throw new RuleException(v.line(), "modifier 'fieldref' needs field names in '" + mods.key() + "'");
      }
    }
    return values.stream().map(YamlNode.Scalar::text).toArray(String[]::new);
  }

  /** The values of an entry: one scalar or a list of scalars. */
  private static List<YamlNode.Scalar> scalars(YamlNode value, String key) {
    return switch (value) {
      case YamlNode.Scalar s -> List.of(s);
      case YamlNode.Seq seq -> {
        if (seq.items().isEmpty()) {
          throw new RuleException(seq.line(), "'" + key + "' has an empty list of values");
        }
        List<YamlNode.Scalar> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
          if (!(item instanceof YamlNode.Scalar s)) {
            throw new RuleException(item.line(), "'" + key + "' lists " + YamlNode.describe(item) + "; expected plain values");
          }
          out.add(s);
        }
        yield out;
      }
      case YamlNode.Map m -> throw new RuleException(m.line(), "'" + key + "' holds a map; expected a value or a list of values");
    };
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String quoted(List<YamlNode.Scalar> values) {
    return values.size() == 1 ? (values.get(0).isNull() ? "null" : "'" + values.get(0).text() + "'") : "a list";
  }
}
