package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Types {@code file_contains} and {@code file_lacks}: whether a line of the {@code files} (paths or
 * {@code *} patterns) matches the regular expression {@code pattern}. Comment lines (first
 * non-blank character {@code #}) are ignored unless {@code comments} is true. For {@code
 * file_contains}, no file at all fails unless {@code missing} is {@code skip} or {@code pass}.
 */
record FileContent(List<String> files, Pattern pattern, boolean wanted, boolean comments, String missing) implements Probe {
  private static final int SHOWN = 3;

  static FileContent from(Params p, boolean wanted) throws PolicyException {
    List<String> files = p.strings("files");
    for (String f : files) {
      if (!f.startsWith("/")) {
        throw new PolicyException("params.files '" + f + "' must be an absolute path");
      }
    }
    String regex = p.string("pattern");
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new PolicyException("params.pattern '" + regex + "' is not a valid regular expression: " + e.getDescription());
    }
    boolean comments = p.bool("comments", false);
    String missing = p.optString("missing").orElse(wanted ? "fail" : "pass");
    if (!List.of("skip", "pass", "fail").contains(missing)) {
      throw new PolicyException("params.missing '" + missing + "' is not one of skip, pass, fail");
    }
    return new FileContent(files, pattern, wanted, comments, missing);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    List<String> existing = new ArrayList<>();
    List<String> matches = new ArrayList<>();
    for (String f : files) {
      for (String file : host.glob(f)) {
        Optional<String> text = host.read(file);
        if (text.isEmpty()) {
          continue;
        }
        existing.add(file);
        String[] lines = text.get().split("\n");
        for (int i = 0; i < lines.length; i++) {
          if ((comments || !lines[i].strip().startsWith("#")) && pattern.matcher(lines[i]).find()) {
            matches.add(file + ":" + (i + 1) + ": " + lines[i].strip());
          }
        }
      }
    }
    if (existing.isEmpty()) {
      String none = String.join(", ", files) + (files.size() == 1 ? " does not exist" : ": none exists");
      return switch (missing) {
        case "pass" -> Verdict.pass();
        case "skip" -> Verdict.skip(none);
        default -> Verdict.fail(none);
      };
    }
    if (wanted) {
      return matches.isEmpty()
          ? Verdict.fail("no line matching '" + pattern + "' in " + String.join(", ", existing))
          : Verdict.pass();
    }
    if (matches.isEmpty()) {
      return Verdict.pass();
    }
    List<String> shown = matches.subList(0, Math.min(SHOWN, matches.size()));
    return Verdict.fail("'" + pattern + "' matches " + String.join("; ", shown)
        + (matches.size() > SHOWN ? "; and " + (matches.size() - SHOWN) + " more" : ""));
  }
}
