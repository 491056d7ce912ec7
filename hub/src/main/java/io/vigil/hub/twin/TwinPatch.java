package io.vigil.hub.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON merge patch (RFC 7386) of one side of a device twin: a null value deletes a key, an object
 * merges into the object it names, anything else replaces. Pure.
 *
 * <p>A patch is a JSON object, no key in it starts with {@code $} (reserved for {@code $version} and
 * the hub's metadata), no value is nested more than {@value #MAX_DEPTH} objects or arrays deep, and
 * it is at most {@value #MAX_BYTES} bytes as compact JSON. Refusals name the JSON pointer of the
 * offending value.
 *
 * @param changes the patch; the accessor returns a copy
 */
public record TwinPatch(ObjectNode changes) {
  /** The deepest nesting of objects and arrays allowed below a side's root (IoT Hub's limit). */
  public static final int MAX_DEPTH = 10;

  /** The largest a side's properties (and so a patch) may be, in bytes of compact JSON (IoT Hub's limit). */
  public static final int MAX_BYTES = 32 * 1024;

  public TwinPatch {
    changes = changes.deepCopy();
  }

  @Override
  public ObjectNode changes() {
    return changes.deepCopy();
  }

  /**
   * Parses and checks a patch sent as a message body; refusals are located relative to the body,
   * whose root is called {@code patch}.
   *
   * @throws TwinException {@link TwinException.Reason#INVALID_PATCH} or {@link TwinException.Reason#PATCH_TOO_LARGE}
   */
  public static TwinPatch parse(byte[] json) {
    JsonNode node;
    try {
      node = TwinJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("", "not valid JSON" + TwinJson.at(e) + ": " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw invalid("", "cannot be read: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw invalid("", "is empty; a JSON object is required", null);
    }
    return of(node, "");
  }

  /**
   * Checks {@code node} as a patch.
   *
   * @param pointer where {@code node} sits in the request, as a JSON pointer ({@code ""} for the
   *     root, {@code "/desired"} in an API body); refusals name the offending value under it
   * @throws TwinException {@link TwinException.Reason#INVALID_PATCH} or {@link TwinException.Reason#PATCH_TOO_LARGE}
   */
  public static TwinPatch of(JsonNode node, String pointer) {
    if (!node.isObject()) {
      throw invalid(pointer, "must be a JSON object, not " + kind(node), null);
    }
    check(node, pointer, 0);
    int size = TwinJson.compactSize(node);
    if (size > MAX_BYTES) {
      throw new TwinException(TwinException.Reason.PATCH_TOO_LARGE,
          where(pointer) + ": " + size + " bytes of JSON; the limit is " + MAX_BYTES);
    }
    return new TwinPatch((ObjectNode) node);
  }

  /** The top-level keys this patch sets or deletes, in order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    changes.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** {@code properties} with this patch merged in; {@code properties} is not changed. */
  public ObjectNode applyTo(ObjectNode properties) {
    ObjectNode out = properties.deepCopy();
    merge(out, changes);
    return out;
  }

  private static void merge(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      JsonNode value = e.getValue();
      if (value.isNull()) {
        target.remove(e.getKey());
      } else if (value.isObject()) {
        JsonNode existing = target.get(e.getKey());
        // RFC 7386: an object patch on a non-object value starts from an empty object.
        ObjectNode child = existing instanceof ObjectNode o ? o : target.putObject(e.getKey());
        merge(child, (ObjectNode) value);
      } else {
        target.set(e.getKey(), value.deepCopy());
      }
    }
  }

  private static void check(JsonNode node, String pointer, int depth) {
    if (!node.isContainerNode()) {
      return;
    }
    if (depth > MAX_DEPTH) {
      throw invalid(pointer, "nested deeper than " + MAX_DEPTH + " levels", null);
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String child = pointer + "/" + escape(e.getKey());
        if (e.getKey().startsWith("$")) {
          throw invalid(child, "keys starting with '$' are reserved", null);
        }
        check(e.getValue(), child, depth + 1);
      }
    } else {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), pointer + "/" + i, depth + 1);
      }
    }
  }

  /** A JSON pointer reference token (RFC 6901): '~' and '/' escaped. */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String where(String pointer) {
    return pointer.isEmpty() ? "patch" : pointer;
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static TwinException invalid(String pointer, String what, Throwable cause) {
    return new TwinException(TwinException.Reason.INVALID_PATCH, where(pointer) + ": " + what, cause);
  }
}
