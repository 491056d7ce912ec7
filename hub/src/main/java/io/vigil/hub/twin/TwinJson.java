package io.vigil.hub.twin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON reader and writer of twins: strict (no duplicate keys, nothing after the value), shallow. */
final class TwinJson {
  /**
   * Strict parsing; nesting far beyond {@link TwinPatch#MAX_DEPTH} is refused by the parser itself,
   * so a hostile body cannot make the checks recurse deeply.
   */
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private TwinJson() {}

  /** {@code " at line L, column C"} where parsing failed, or nothing when the parser does not say. */
  static String at(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** The size of {@code node} as compact UTF-8 JSON. */
  static int compactSize(JsonNode node) {
    return bytes(node).length;
  }

  /** {@code node} as compact UTF-8 JSON. */
  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      // A tree built from parsed JSON always serialises; failing here is a bug, not bad input.
      throw new IllegalStateException("cannot serialise a JSON tree: " + e.getMessage(), e);
    }
  }
}
