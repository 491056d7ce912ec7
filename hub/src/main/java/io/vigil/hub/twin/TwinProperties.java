package io.vigil.hub.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One side of a device twin (desired or reported): its properties and their version, which starts
 * at 1 and grows by one with each patch.
 *
 * @param values the properties, without {@code $version}; the accessor returns a copy
 */
public record TwinProperties(ObjectNode values, long version) {
  public TwinProperties {
    if (version < 1) {
      throw new IllegalArgumentException("twin $version must be at least 1, was " + version);
    }
    values = values.deepCopy();
  }

  /** No properties, version 1: a new twin's side. */
  public static TwinProperties empty() {
    return new TwinProperties(TwinJson.MAPPER.createObjectNode(), 1);
  }

  @Override
  public ObjectNode values() {
    return values.deepCopy();
  }

  /**
   * These properties with {@code patch} merged in, one version later.
   *
   * @param side named in the refusal, {@code desired} or {@code reported}
   * @throws TwinException {@link TwinException.Reason#PATCH_TOO_LARGE} when the result would exceed
   *     {@link TwinPatch#MAX_BYTES}
   */
  public TwinProperties patched(TwinPatch patch, String side) {
    ObjectNode next = patch.applyTo(values);
    int size = TwinJson.compactSize(next);
    if (size > TwinPatch.MAX_BYTES) {
      throw new TwinException(TwinException.Reason.PATCH_TOO_LARGE,
          side + " properties would be " + size + " bytes of JSON; the limit is " + TwinPatch.MAX_BYTES);
    }
    return new TwinProperties(next, version + 1);
  }

  /** The IoT Hub form: the properties plus {@code "$version": N}. */
  public ObjectNode toJson() {
    ObjectNode out = values.deepCopy();
    out.put("$version", version);
    return out;
  }

  /**
   * Reads the IoT Hub form written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming {@code where} if it is not an object with a positive
   *     integer {@code $version}
   */
  static TwinProperties fromJson(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + ": a JSON object is required");
    }
    JsonNode version = node.get("$version");
    if (version == null || !version.canConvertToExactIntegral() || version.asLong() < 1) {
      throw new IllegalArgumentException(where + "/$version: a positive integer is required, got " + version);
    }
    ObjectNode values = ((ObjectNode) node).deepCopy();
    values.remove("$version");
    return new TwinProperties(values, version.asLong());
  }
}
