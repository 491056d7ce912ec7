package io.vigil.detect.sigma;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads Sigma rules: detection rules and correlation rules, from YAML files, directories and
 * texts.
 *
 * <pre>{@code
 * LoadResult loaded = SigmaRules.loader()
 *     .placeholders(Map.of("Admins", List.of("root", "admin")))
 *     .add(Path.of("rules"))
 *     .load();
 * loaded.problems().forEach(System.err::println);  // rules.yml:12: unsupported modifier 'hour' in 'UtcTime|hour'
 * RuleSet rules = loaded.rules();                   // everything that compiled
 * }</pre>
 *
 * <p>A rule that cannot be used is reported with its file, line and the construct at fault; the
 * other rules of the file and of the other files still load.
 */
public final class SigmaRules {
  /** A larger rule file is surely not a rule file. */
  private static final long MAX_FILE_BYTES = 16L << 20;

  private SigmaRules() {}

  public static Loader loader() {
    return new Loader();
  }

  /** Loads the rules in {@code paths} (files, or directories searched for *.yml and *.yaml), without placeholders. */
  public static LoadResult load(Path... paths) {
    Loader loader = loader();
    for (Path p : paths) {
      loader.add(p);
    }
    return loader.load();
  }

  /** Collects rule sources, then compiles them together so that correlations can refer across files. Not thread-safe. */
  public static final class Loader {
    private Map<String, List<String>> placeholders;
    private final List<Object> sources = new ArrayList<>();

    private Loader() {}

    /**
     * The values each {@code %name%} placeholder of an {@code |expand} value stands for. A rule
     * using a placeholder not given here fails to load.
     *
     * @throws IllegalStateException when placeholders were already set
     */
    public Loader placeholders(Map<String, ? extends Collection<String>> values) {
      if (placeholders != null) {
        throw new IllegalStateException("placeholders were already set to " + placeholders);
      }
      Map<String, List<String>> copy = new LinkedHashMap<>();
      values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
      placeholders = Map.copyOf(copy);
      return this;
    }

    /** Adds a rule file, or every {@code *.yml} and {@code *.yaml} file under a directory. */
    public Loader add(Path path) {
      sources.add(path);
      return this;
    }

    /** Adds the rules in {@code yaml}, reported under {@code name}. */
    public Loader add(String name, String yaml) {
      sources.add(new Text(name, yaml));
      return this;
    }

    /** Compiles every rule added. Never throws for a bad rule or an unreadable file: those become problems. */
    public LoadResult load() {
      List<RuleProblem> problems = new ArrayList<>();
      List<String> names = new ArrayList<>();
      RuleLinker linker = new RuleLinker(problems::add);
      RuleParser parser = new RuleParser(new FieldCompiler(placeholders == null ? Map.of() : placeholders));
      for (Object source : sources) {
        for (Text text : texts(source, names, problems)) {
          parse(text, parser, linker, problems);
        }
      }
      RuleSet rules = linker.link();
      Map<String, Integer> order = new HashMap<>();
      names.forEach(n -> order.putIfAbsent(n, order.size()));
      problems.sort(Comparator.comparing((RuleProblem p) -> order.getOrDefault(p.source(), -1)).thenComparingInt(RuleProblem::line));
      return new LoadResult(rules, names, problems);
    }

    private static void parse(Text text, RuleParser parser, RuleLinker linker, List<RuleProblem> problems) {
      List<YamlReader.Document> docs = YamlReader.read(text.yaml());
      for (YamlReader.Document doc : docs) {
        if (doc.error() != null) {
          problems.add(new RuleProblem(text.name(), doc.error().line(), doc.error().getMessage()));
          continue;
        }
        if (doc.root() == null) {
          continue;
        }
        String fallback = stem(text.name()) + (docs.size() > 1 ? "#" + (doc.index() + 1) : "");
        try {
          linker.add(parser.parse(doc.root(), text.name(), fallback));
        } catch (RuleException e) {
          problems.add(new RuleProblem(text.name(), e.line(), e.getMessage()));
          String where = text.name() + ":" + (e.line() > 0 ? e.line() : doc.root().line());
          if (doc.root() instanceof YamlNode.Map m) {
            linker.failed(scalar(m, "id"), where);
            linker.failed(scalar(m, "name"), where);
          }
        }
      }
    }

    /** The texts of a source, each named in {@code names}, readable or not. */
    private static List<Text> texts(Object source, List<String> names, List<RuleProblem> problems) {
      if (source instanceof Text t) {
        names.add(t.name());
        return List.of(t);
      }
      Path path = (Path) source;
      if (!Files.exists(path)) {
        names.add(path.toString());
        problems.add(new RuleProblem(path.toString(), 0, "no such file or directory"));
        return List.of();
      }
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).filter(Loader::isYaml).sorted().forEach(files::add);
        } catch (IOException | RuntimeException e) {
          names.add(path.toString());
          problems.add(new RuleProblem(path.toString(), 0, "cannot list the directory: " + e));
          return List.of();
        }
      } else {
        files.add(path);
      }
      List<Text> out = new ArrayList<>();
      for (Path f : files) {
        names.add(f.toString());
        try {
          if (Files.size(f) > MAX_FILE_BYTES) {
            problems.add(new RuleProblem(f.toString(), 0, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB"));
            continue;
          }
          byte[] bytes = Files.readAllBytes(f);
          String yaml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes)).toString();
          out.add(new Text(f.toString(), yaml));
        } catch (CharacterCodingException e) {
          problems.add(new RuleProblem(f.toString(), 0, "not valid UTF-8"));
        } catch (IOException e) {
          problems.add(new RuleProblem(f.toString(), 0, "cannot read: " + e));
        }
      }
      return out;
    }

    private static boolean isYaml(Path p) {
      String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
      return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private static String stem(String name) {
      String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
      int dot = base.lastIndexOf('.');
      return dot > 0 ? base.substring(0, dot) : base;
    }

    private static String scalar(YamlNode.Map m, String key) {
      return m.get(key) instanceof YamlNode.Scalar s && !s.isNull() ? s.text() : null;
    }
  }

  private record Text(String name, String yaml) {}
}
