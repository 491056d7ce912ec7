package io.vigil.detect.sigma;

import java.util.List;

/**
 * What loading rules gave: the rules that compiled, every source read, and the problems of those
 * that did not.
 *
 * @param rules the usable rules; never null, possibly empty
 * @param sources every file (or text name) read or attempted, in order
 * @param problems one per rule that failed (or file that could not be read), in source order
 */
public record LoadResult(RuleSet rules, List<String> sources, List<RuleProblem> problems) {
  public LoadResult {
    sources = List.copyOf(sources);
    problems = List.copyOf(problems);
  }

  /** The problems found in {@code source}. */
  public List<RuleProblem> problems(String source) {
    return problems.stream().filter(p -> p.source().equals(source)).toList();
  }
}
