package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.Collector;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Sbom;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class MessagePackerTest {
  private static final String AGENT = "072f3eca-3db0-45ba-8174-fa383bc93caf";
  private final SecurityMessageCodec codec = new SecurityMessageCodec();
  private final ScheduledCollector source = new ScheduledCollector(new Collector() {
    @Override
    public String name() {
      return "sbom";
    }

    @Override
    public List<SecurityEvent> collect() {
      return List.of();
    }
  }, Duration.ofMinutes(1));

  private static Sbom sbom(int packages, int versionLength) {
    return new Sbom(EventHeader.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
        IntStream.range(0, packages).mapToObj(i -> new Sbom.Package("pkg" + i, "v".repeat(versionLength), "amd64", "dpkg", Map.of())).toList());
  }

  @Test
  void smallEventsShareFewMessagesUnderTheLimit() {
    MessagePacker packer = new MessagePacker(codec, "1", AGENT, 16 * 1024);
    List<Pending> events = IntStream.range(0, 100).mapToObj(i -> new Pending(source, sbom(2, 10))).toList();
    List<MessagePacker.Oversize> oversize = new ArrayList<>();
    List<MessagePacker.Packed> packed = packer.pack(events, oversize);
    assertThat(oversize).isEmpty();
    assertThat(packed.size()).isBetween(2, 4);
    assertThat(packed).allSatisfy(p -> assertThat(codec.encode(p.message()).length).isLessThanOrEqualTo(16 * 1024));
    assertThat(packed.stream().mapToInt(p -> p.parts().size()).sum()).isEqualTo(100);
  }

  @Test
  void aLargeEventIsSplitIntoEventsThatFit() {
    MessagePacker packer = new MessagePacker(codec, "1", AGENT, 16 * 1024);
    Sbom big = sbom(1000, 20);
    List<MessagePacker.Oversize> oversize = new ArrayList<>();
    List<MessagePacker.Packed> packed = packer.pack(List.of(new Pending(source, big)), oversize);
    assertThat(oversize).isEmpty();
    assertThat(packed.size()).isGreaterThan(1);
    assertThat(packed).allSatisfy(p -> assertThat(codec.encode(p.message()).length).isLessThanOrEqualTo(16 * 1024));
    List<Sbom.Package> all = packed.stream().flatMap(p -> p.message().events().stream())
        .flatMap(e -> ((Sbom) e).payload().stream()).toList();
    assertThat(all).containsExactlyElementsOf(big.payload());
    assertThat(packed.stream().flatMap(p -> p.message().events().stream()).map(e -> e.header().id()).distinct()).hasSizeGreaterThan(1);
  }

  @Test
  void anItemTooLargeAloneIsReportedNotSent() {
    MessagePacker packer = new MessagePacker(codec, "1", AGENT, 8 * 1024);
    List<MessagePacker.Oversize> oversize = new ArrayList<>();
    List<MessagePacker.Packed> packed = packer.pack(List.of(new Pending(source, sbom(1, 20_000))), oversize);
    assertThat(packed).isEmpty();
    assertThat(oversize).singleElement().satisfies(o -> assertThat(o.bytes()).isGreaterThan(20_000));
  }

  @Test
  void aMessageGoesGzipWhenThatIsSmallerAndTheCodecReadsItBack() throws Exception {
    Sbom packages = sbom(50, 10);
    byte[] json = codec.encode(SecurityMessage.of("1", AGENT, List.of(packages)));
    byte[] body = MessagePacker.body(json);
    assertThat(body).startsWith(0x1f, 0x8b);
    assertThat(body.length).isLessThan(json.length / 4);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      assertThat(in.readAllBytes()).isEqualTo(json);
    }
    assertThat(codec.decode(body).events()).containsExactly(packages);
  }

  @Test
  void aMessageThatGzipWouldNotShrinkGoesAsItIs() {
    byte[] tiny = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(MessagePacker.body(tiny)).isSameAs(tiny); // gzip of it is 22 bytes
  }
}
