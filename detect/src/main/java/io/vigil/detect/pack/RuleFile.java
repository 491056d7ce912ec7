package io.vigil.detect.pack;

import java.util.Objects;

/**
 * A rule file and its fixtures: {@code NAME.yml} with {@code NAME.positive.jsonl}, events on which
 * its rules must fire, and {@code NAME.negative.jsonl}, events on which they must not.
 *
 * @param name where the rule file is, as rule problems and results name it
 * @param yaml the rules
 * @param positive the positive fixture's events (JSON Lines); null when there is none
 * @param negative the negative fixture's events (JSON Lines); null when there is none
 */
public record RuleFile(String name, String yaml, String positive, String negative) {
  public RuleFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(yaml, "yaml");
  }

  /** Where the fixture of {@code kind} ({@code positive} or {@code negative}) is, next to the rule file. */
  public String fixtureName(String kind) {
    int dot = name.lastIndexOf('.');
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return (dot > slash ? name.substring(0, dot) : name) + "." + kind + ".jsonl";
  }
}
