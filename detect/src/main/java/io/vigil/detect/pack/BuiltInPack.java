package io.vigil.detect.pack;

import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.SigmaRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Vigil's built-in Sigma rules: data under {@code src/main/resources/rules/}, one rule file per
 * alert with its positive and negative fixtures beside it. {@code rules/index.txt} lists the rule
 * files, as a jar cannot be listed; {@code BuiltInPackTest} checks that it lists every one.
 */
public final class BuiltInPack {
  /** The index of the pack, on the class path. */
  static final String INDEX = "rules/index.txt";

  private BuiltInPack() {}

  /**
   * The rule files of the pack with their fixtures, in index order.
   *
   * @throws IllegalStateException if the jar lacks a file its index names (a broken build)
   */
  public static List<RuleFile> files() {
    List<RuleFile> out = new ArrayList<>();
    for (String line : resource(INDEX).split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      String path = "rules/" + name;
      String yaml = resource(path);
      RuleFile file = new RuleFile(path, yaml, null, null);
      out.add(new RuleFile(path, yaml, optional(file.fixtureName("positive")), optional(file.fixtureName("negative"))));
    }
    return List.copyOf(out);
  }

  /** Adds the pack's rules to {@code loader}, each under its name such as {@code rules/linux/reverse_shell.yml}. */
  public static SigmaRules.Loader addTo(SigmaRules.Loader loader) {
    for (RuleFile f : files()) {
      loader.add(f.name(), f.yaml());
    }
    return loader;
  }

  /** Whether {@code rule} comes from the pack (its source is one of the pack's files). */
  public static boolean isBuiltIn(io.vigil.detect.sigma.SigmaRule rule) {
    return Names.ALL.contains(rule.source());
  }

  /** The pack's file names, read once. */
  private static final class Names {
    static final java.util.Set<String> ALL = java.util.Set.copyOf(files().stream().map(RuleFile::name).toList());
  }

  /** Loads the pack alone. */
  public static LoadResult load() {
    return addTo(SigmaRules.loader()).load();
  }

  private static String resource(String path) {
    String text = optional(path);
    if (text == null) {
      throw new IllegalStateException("the built-in rule pack lacks " + path + " on the class path");
    }
    return text;
  }

  private static String optional(String path) {
    try (InputStream in = BuiltInPack.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " of the built-in rule pack: " + e.getMessage(), e);
    }
  }
}
