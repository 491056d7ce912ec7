package io.vigil.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The published schema v1.0 and its samples, from the {@code shared/reference} folder that sits
 * beside the repository (found by walking up from the working directory).
 */
final class Reference {
  static final ObjectMapper JSON = new ObjectMapper();

  private Reference() {}

  /** The folder holding messageRoot.json and samples.json. */
  static Path schemaDir() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/reference/azure-security-message-v1");
      if (Files.isRegularFile(candidate.resolve("messageRoot.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/reference/azure-security-message-v1 in " + start + " or any folder above it");
  }

  /** The {@code valid} or {@code invalid} samples, each serialized back to bytes. */
  static List<byte[]> samples(String which) {
    try {
      JsonNode all = JSON.readTree(schemaDir().resolve("samples.json").toFile());
      List<byte[]> out = new ArrayList<>();
      for (JsonNode sample : all.get(which)) {
        out.add(JSON.writeValueAsBytes(sample));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
