package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Type {@code config_value}: the value of {@code key} in {@code file} meets the expectation (see
 * {@link Expectation}). {@code syntax} is {@code sshd} (sshd_config rules: case-insensitive keys,
 * first value wins, Include, Match), {@code space} ({@code KEY value}, as login.defs) or {@code
 * equals} ({@code key = value}); for the last two, {@code dropins} (patterns) are read after the file
 * and the last value wins. A key that is not set takes {@code default} when given, else fails.
 */
record ConfigValue(String file, String syntax, List<String> dropins, String key, Expectation expect, String fallback)
    implements Probe {
  static ConfigValue from(Params p) throws PolicyException {
    String file = p.path("file");
    String syntax = p.string("syntax");
    if (!List.of("sshd", "space", "equals").contains(syntax)) {
      throw new PolicyException("params.syntax '" + syntax + "' is not one of sshd, space, equals");
    }
    List<String> dropins = p.optStrings("dropins");
    if (syntax.equals("sshd") && !dropins.isEmpty()) {
      throw new PolicyException("params.dropins is not for syntax sshd: sshd_config names its own Include files");
    }
    String key = p.string("key");
    Expectation expect = Expectation.from(p, syntax.equals("sshd"));
    String fallback = p.optString("default").orElse(null);
    return new ConfigValue(file, syntax, dropins, key, expect, fallback);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    String value;
    String where;
    if (syntax.equals("sshd")) {
      Optional<SshdConfig.Entry> e = SshdConfig.read(host, file).get(key);
      value = e.map(SshdConfig.Entry::value).orElse(null);
      where = e.map(SshdConfig.Entry::where).orElse(null);
    } else {
      List<String> files = new ArrayList<>(List.of(file));
      files.addAll(dropins);
      KeyValueFile kv = KeyValueFile.read(host, files, syntax.equals("space") ? KeyValueFile.Syntax.SPACE : KeyValueFile.Syntax.EQUALS, false);
      Optional<KeyValueFile.Entry> e = kv.get(key);
      value = e.map(KeyValueFile.Entry::value).orElse(null);
      where = e.map(KeyValueFile.Entry::where).orElse(null);
    }
    if (value != null) {
      return expect.complaint(value).map(c -> Verdict.fail(key + " is '" + value + "' in " + where + "; " + c)).orElse(Verdict.pass());
    }
    String notSet = key + " is not set in " + file + (dropins.isEmpty() ? "" : " or " + String.join(", ", dropins))
        + (host.exists(file) ? "" : " (" + file + " does not exist)");
    if (fallback == null) {
      return Verdict.fail(notSet + "; " + expect.describe());
    }
    return expect.complaint(fallback).map(c -> Verdict.fail(notSet + ", so it is '" + fallback + "' (the default); " + c))
        .orElse(Verdict.pass());
  }
}
