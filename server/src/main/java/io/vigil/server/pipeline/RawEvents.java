package io.vigil.server.pipeline;

import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.SecurityEvent;
import io.vigil.store.RawEvent;
import io.vigil.wire.ItemText;
import io.vigil.wire.SecurityMessageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Flattens an accepted event into {@code SecurityIoTRawEvent} rows: one per payload item, whose
 * {@code EventDetails} is the item as the device sent it (the schema allows no property the
 * decoder did not check), or encoded again where that text is not known.
 */
final class RawEvents {
  private final SecurityMessageCodec codec;

  RawEvents(SecurityMessageCodec codec) {
    this.codec = codec;
  }

  /** @param index the event's position in its message, for {@code sent} */
  List<RawEvent> rows(DeviceEvent de, ItemText sent, int index) {
    SecurityEvent e = de.event();
    int items = e.payload().size();
    List<RawEvent> rows = new ArrayList<>(Math.max(1, items));
    for (int i = 0; i < Math.max(1, items); i++) {
      rows.add(new RawEvent(
          de.received(),
          de.deviceId(),
          de.securityGroup(),
          de.agentId(),
          de.agentVersion(),
          e.kind().category().wireName(),
          e.kind().eventName(),
          e.kind().type().wireName(),
          items == 0,
          e.header().id(),
          e.header().timestampUtc(),
          i,
          items == 0 ? "{}" : details(e, sent, index, i)));
    }
    return rows;
  }

  private String details(SecurityEvent e, ItemText items, int index, int item) {
    String sent = items.of(index, item);
    return sent != null ? sent : codec.encodePayloadItem(e, item);
  }
}
