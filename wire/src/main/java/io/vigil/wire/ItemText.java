package io.vigil.wire;

/**
 * The payload items of a decoded message as the sender wrote them: each a JSON object, braces
 * included, exactly as received (gzip inflated). Storing it spares encoding the item
 * again; where it is not known (a message not decoded from bytes), callers encode the item.
 */
public interface ItemText {
  /** Nothing known: every item must be encoded. */
  ItemText NONE = (event, item) -> null;

  /** Payload item {@code item} of event {@code event} as received, or null when not known. */
  String of(int event, int item);
}
