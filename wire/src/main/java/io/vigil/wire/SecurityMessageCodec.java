package io.vigil.wire;

import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import java.util.Objects;

/**
 * Reads and writes security messages: the published schema v1.0 (JSON, optionally gzip) with
 * Vigil's additional event names in the same envelope.
 *
 * <p>{@link #decode} accepts exactly what the schema accepts and refuses the rest with every
 * reason it finds, each located by a JSON pointer, within the bounds of {@link WireLimits}. A few
 * things the schema leaves open are refused too: duplicate property names, integers beyond 64
 * bits, a date-time offset beyond ±18:00, and what the model's records refuse (such as a negative
 * counter).
 *
 * <p>Instances are immutable and thread-safe; share one.
 */
public final class SecurityMessageCodec {
  private final WireLimits limits;
  private final JsonReader reader;
  private final MessageEncoder encoder = new MessageEncoder();

  /** A codec with {@link WireLimits#defaults()}. */
  public SecurityMessageCodec() {
    this(WireLimits.defaults());
  }

  public SecurityMessageCodec(WireLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.reader = new JsonReader(limits);
  }

  public WireLimits limits() {
    return limits;
  }

  /**
   * The message in {@code bytes}: UTF-8 JSON, or a gzip body (magic 0x1f 0x8b) holding it.
   *
   * @throws WireException listing every violation found, up to {@value WireException#MAX_VIOLATIONS}
   * @throws NullPointerException if {@code bytes} is null
   */
  public SecurityMessage decode(byte[] bytes) throws WireException {
    return decode(bytes, false).message();
  }

  /** A message with its payload items' text as received, see {@link ItemText}. */
  public record Decoded(SecurityMessage message, ItemText items) {}

  /**
   * As {@link #decode}, keeping the text of each payload item as received, for storing it as it
   * came instead of encoding it again.
   *
   * @throws WireException listing every violation found, as {@link #decode}
   */
  public Decoded decodeKeepingText(byte[] bytes) throws WireException {
    return decode(bytes, true);
  }

  private Decoded decode(byte[] bytes, boolean keepText) throws WireException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw WireException.of("", "message is empty");
    }
    if (bytes.length > limits.maxMessageBytes()) {
      throw WireException.of("", "message is " + bytes.length + " bytes; the limit is " + limits.maxMessageBytes());
    }
    try {
      byte[] json = Gzip.isGzip(bytes) ? Gzip.inflate(bytes, limits.maxMessageBytes()) : bytes;
      JsonValue root = reader.read(json);
      SecurityMessage message = MessageDecoder.decode(root);
      return new Decoded(message, keepText ? ItemRanges.of(json, root) : ItemText.NONE);
    } catch (RuntimeException e) {
      // A defect here must not take down the connection that sent the message; it is refused
      // with the cause named, and the defect shows in the hub's operation log.
      throw WireException.of("", "could not be decoded (" + e + ")");
    }
  }

  /**
   * {@code message} as UTF-8 JSON of schema v1.0: null optional fields and empty ExtraDetails
   * omitted, timestamps written with {@code T}, IsEmpty true exactly when the payload is empty.
   *
   * @throws IllegalArgumentException naming the JSON pointer when a value breaks the schema in a
   *     way the model allows: an address that is not an IP literal, a CorrelationId that is not 36
   *     characters, a timestamp RFC 3339 cannot write
   */
  public byte[] encode(SecurityMessage message) {
    return encoder.encode(Objects.requireNonNull(message, "message"));
  }

  /**
   * Payload item {@code index} of {@code event} as a JSON object, exactly as {@link #encode} writes
   * it inside the message: the {@code EventDetails} of a workspace row.
   *
   * @throws IndexOutOfBoundsException if the event has no such item
   */
  public String encodePayloadItem(SecurityEvent event, int index) {
    Objects.checkIndex(index, event.payload().size());
    return encoder.encodeItem(event, index);
  }

  /** {@link #encode} compressed with gzip. */
  public byte[] encodeGzip(SecurityMessage message) {
    return Gzip.deflate(encode(message));
  }
}
