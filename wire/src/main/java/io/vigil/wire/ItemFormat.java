package io.vigil.wire;

import java.io.IOException;
import java.util.Optional;

/**
 * How the payload items of one event kind read from and write to JSON: the item schema, in code.
 *
 * @param reader builds an item from its JSON object, recording violations when it cannot
 * @param writer writes an item's properties into an open JSON object
 */
record ItemFormat<T>(Reader<T> reader, Writer<T> writer) {
  @FunctionalInterface
  interface Reader<T> {
    Optional<T> read(ObjectFields in);
  }

  @FunctionalInterface
  interface Writer<T> {
    void write(T item, FieldWriter out) throws IOException;
  }
}
