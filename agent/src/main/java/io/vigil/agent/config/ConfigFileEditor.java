package io.vigil.agent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.agent.collect.JsonValues;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets string keys in an agent configuration file and prints the result, for the distribution's
 * install script: {@code ConfigFileEditor FILE KEY VALUE [KEY VALUE]...}. The other keys are kept.
 */
public final class ConfigFileEditor {
  private ConfigFileEditor() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out, System.err));
  }

  @SuppressWarnings("unchecked")
  static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    if (args.length < 3 || args.length % 2 == 0) {
      err.println("usage: ConfigFileEditor FILE KEY VALUE [KEY VALUE]...");
      return 2;
    }
    Path file = Path.of(args[0]);
    Map<String, Object> config = new LinkedHashMap<>();
    if (Files.exists(file)) {
      try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          err.println("config file " + file + " is not a JSON object");
          return 1;
        }
        config.putAll((Map<String, Object>) JsonValues.read(p));
      } catch (com.fasterxml.jackson.core.JsonParseException e) {
        err.println("config file " + file + " is not valid JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        return 1;
      }
    }
    for (int i = 1; i < args.length; i += 2) {
      config.put(args[i], args[i + 1]);
    }
    try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
      JsonValueWriter.write(g, config);
    }
    out.println();
    return 0;
  }
}
