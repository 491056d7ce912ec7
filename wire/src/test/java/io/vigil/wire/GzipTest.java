package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.WireException.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** gzip bodies: recognised by their magic number, inflated within the message limit. */
class GzipTest {
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  @Test
  void encodeGzipRoundTripsAndIsSmaller() throws WireException {
    SecurityMessage message = AllKinds.message(AllKinds.full());
    byte[] plain = codec.encode(message);
    byte[] compressed = codec.encodeGzip(message);
    assertThat(compressed[0]).isEqualTo((byte) 0x1f);
    assertThat(compressed[1]).isEqualTo((byte) 0x8b);
    assertThat(compressed.length).isLessThan(plain.length / 2);
    assertThat(codec.decode(compressed)).isEqualTo(message);
  }

  @Test
  void aGzippedSampleDecodesLikeThePlainOne() throws IOException, WireException {
    byte[] sample = Reference.samples("valid").get(10);
    assertThat(codec.decode(gzip(sample))).isEqualTo(codec.decode(sample));
  }

  @Test
  void aGzipBombIsRefusedWithoutInflatingIt() throws IOException {
    byte[] spaces = new byte[50_000_000];
    Arrays.fill(spaces, (byte) ' ');
    byte[] bomb = gzip(spaces);
    assertThat(bomb.length).isLessThan(100_000);
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(bomb));
    assertThat(e).hasMessage("\"\": gzip body inflates to more than 262144 bytes; the limit is 262144");
  }

  @Test
  void aTruncatedGzipBodyIsRefused() throws IOException {
    byte[] body = gzip(Reference.samples("valid").get(10));
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(Arrays.copyOf(body, 40)));
    assertThat(e.violations()).containsExactly(new Violation("", "not a valid gzip body: Unexpected end of ZLIB input stream"));
  }

  @Test
  void aGzipHeaderWithAnUnknownMethodIsRefused() {
    byte[] body = {0x1f, (byte) 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(body));
    assertThat(e.violations()).containsExactly(new Violation("", "not a valid gzip body: Unsupported compression method"));
  }

  @Test
  void aCompressedBodyThatInflatesToNothingIsEmpty() throws IOException {
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(gzip(new byte[0])));
    assertThat(e.violations()).containsExactly(new Violation("", "message is empty"));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}
