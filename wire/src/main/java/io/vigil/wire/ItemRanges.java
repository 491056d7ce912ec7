package io.vigil.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Finds where each payload item of a parsed message is in the bytes it was read from. */
final class ItemRanges {
  private ItemRanges() {}

  /**
   * The item texts of a message read from {@code json}, whose tree {@code root} is; NONE when
   * the tree does not know where its objects are.
   */
  static ItemText of(byte[] json, JsonValue root) {
    if (!(root instanceof JsonValue.Obj message) || message.indexOf("Events") < 0
        || !(message.values().get(message.indexOf("Events")) instanceof JsonValue.Arr events)) {
      return ItemText.NONE;
    }
    long[][] ranges = new long[events.elements().size()][];
    for (int e = 0; e < ranges.length; e++) {
      ranges[e] = new long[0];
      if (events.elements().get(e) instanceof JsonValue.Obj event && event.indexOf("Payload") >= 0
          && event.values().get(event.indexOf("Payload")) instanceof JsonValue.Arr payload) {
        List<JsonValue> items = payload.elements();
        ranges[e] = new long[2 * items.size()];
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i) instanceof JsonValue.Obj item) {
            ranges[e][2 * i] = item.start();
            ranges[e][2 * i + 1] = item.end();
          } else {
            ranges[e][2 * i] = -1;
          }
        }
      }
    }
    return (event, item) -> {
      if (event < 0 || event >= ranges.length || item < 0 || 2 * item >= ranges[event].length) {
        return null;
      }
      long start = ranges[event][2 * item];
      long end = ranges[event][2 * item + 1];
      return start < 0 || end <= start || end > json.length ? null : new String(json, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    };
  }
}
