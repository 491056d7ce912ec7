package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.SecurityMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corrupted messages never make decode throw anything but a {@link WireException}, and never one
 * that reports a defect of the decoder itself; what does decode survives a round trip.
 */
class DecodeRobustnessTest {
  private static final byte[] SIGNIFICANT = "{}[]:,\"\\ -0123456789.eEtrufalsn\u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  @Test
  void unpairedSurrogatesSurviveARoundTrip() throws WireException {
    String json = new String(Reference.samples("valid").get(2), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"CMND\"", "\"\\ud800 and \\udc00\"");
    SecurityMessage message = codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var process = ((io.vigil.model.event.ProcessCreate) message.events().getFirst()).payload().getFirst();
    assertThat(process.commandLine()).isEqualTo("\ud800 and \udc00");
    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  @Test
  void mutatedMessagesAreDecodedOrRefusedWithAReason() {
    List<byte[]> seeds = new ArrayList<>(Reference.samples("valid"));
    seeds.add(codec.encode(AllKinds.message(AllKinds.full())));
    seeds.add(codec.encode(AllKinds.message(AllKinds.minimal())));
    Random random = new Random(20260301);
    int refused = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
      if (i % 10 == 0) {
        input = Gzip.deflate(input);
      }
      try {
        SecurityMessage message = codec.decode(input);
        // Whatever decodes re-encodes, and reads back as the same message.
        assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
      } catch (WireException e) {
        refused++;
        assertThat(e.violations()).isNotEmpty();
        assertThat(e.getMessage()).doesNotContain("could not be decoded");
      }
    }
    assertThat(refused).as("most mutations break the message").isGreaterThan(2_500);
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] out = seed.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = SIGNIFICANT[random.nextInt(SIGNIFICANT.length)];
        case 1 -> out = Arrays.copyOf(out, Math.max(1, at));
        case 2 -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = SIGNIFICANT[random.nextInt(SIGNIFICANT.length)];
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
        default -> {
          byte[] shorter = new byte[Math.max(1, out.length - 1)];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, Math.min(at + 1, out.length), shorter, at, Math.max(0, out.length - at - 1));
          out = shorter;
        }
      }
    }
    return out;
  }
}
