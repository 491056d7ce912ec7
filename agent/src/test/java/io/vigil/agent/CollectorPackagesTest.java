package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * src/dist/collectors.txt, which a trimmed distribution build reads, matches the code: the same
 * collectors as the registry, and for each the other collector packages its code uses.
 */
class CollectorPackagesTest {
  private static final Path COLLECT = Path.of("src/main/java/io/vigil/agent/collect");
  private static final Pattern USE = Pattern.compile("io\\.vigil\\.agent\\.collect\\.([a-z]+)\\.");

  private static Map<String, List<String>> declared() throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("src/dist/collectors.txt"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        List<String> words = List.of(line.trim().split("\\s+"));
        out.put(words.getFirst(), words.subList(1, words.size()));
      }
    }
    return out;
  }

  /** The collector packages that the code of {@code pkg} refers to, itself excluded. */
  private static Set<String> used(String pkg) throws IOException {
    Set<String> out = new TreeSet<>();
    Path dir = COLLECT.resolve(pkg);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = USE.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).equals(pkg) && Files.isDirectory(COLLECT.resolve(m.group(1)))) {
            out.add(m.group(1));
          }
        }
      }
    }
    return out;
  }

  @Test
  void theDistributionListMatchesTheRegistryAndTheCode() throws IOException {
    Map<String, List<String>> declared = declared();
    assertThat(new ArrayList<>(declared.keySet())).isEqualTo(CollectorRegistry.NAMES);
    for (Map.Entry<String, List<String>> e : declared.entrySet()) {
      String pkg = e.getKey().replace("_", "");
      Set<String> needed = new TreeSet<>(used(pkg));
      // What a kept package uses must be kept too.
      for (String dep : List.copyOf(needed)) {
        needed.addAll(used(dep));
      }
      assertThat(new TreeSet<>(e.getValue())).as("packages that %s needs (collectors.txt)", e.getKey()).isEqualTo(needed);
    }
  }
}
