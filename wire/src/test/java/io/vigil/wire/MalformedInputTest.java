package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.model.event.ProcessCreate;
import io.vigil.wire.WireException.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input that is not JSON, not whole, or too big in some way: one located reason each. */
class MalformedInputTest {
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  @Test
  void truncatedJsonSaysWhereItEnds() {
    assertThat(violations("{\"AgentVersion\": \"1.0"))
        .containsExactly(new Violation("/AgentVersion", "truncated JSON at line 1, column 22"));
    assertThat(violations("{\"Events\": [{\"Id\": "))
        .containsExactly(new Violation("/Events/0/Id", "truncated JSON at line 1, column 20"));
  }

  @Test
  void aSampleCutInHalfIsTruncated() {
    byte[] sample = Reference.samples("valid").get(10);
    Violation violation = violations(Arrays.copyOf(sample, sample.length / 2)).getFirst();
    assertThat(violation.pointer()).startsWith("/Events/0/Payload/");
    assertThat(violation.reason()).matches("truncated JSON at line 1, column \\d+");
  }

  @Test
  void textThatIsNotJsonAtAll() {
    assertThat(violations("hello")).containsExactly(new Violation("", "not JSON: Unrecognized token 'hello': was expecting "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
  }

  @Test
  void malformedJsonSaysWhatAndWhere() {
    assertThat(violations("{\"AgentVersion\" \"1\"}")).containsExactly(new Violation("/AgentVersion",
        "malformed JSON at line 1, column 17: Unexpected character ('\"' (code 34)): "
            + "was expecting a colon to separate field name and value"));
    assertThat(violations("{\"AgentVersion\": \"1\",\n 'AgentId': 2}")).containsExactly(new Violation("/AgentVersion",
        "malformed JSON at line 2, column 2: Unexpected character (''' (code 39)): was expecting double-quote to start field name"));
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] json = {'{', '"', 'A', '"', ':', '"', (byte) 0xff, '"', '}'};
    assertThat(violations(json)).containsExactly(new Violation("/A", "malformed JSON at line 1, column 8: Invalid UTF-8 start byte 0xff"));
  }

  @Test
  void onlyOneJsonValueIsAllowed() {
    assertThat(violations("{} {}")).containsExactly(new Violation("", "unexpected content after the JSON value at line 1, column 4"));
  }

  @Test
  void anEmptyBodyIsNotAMessage() {
    assertThat(violations(new byte[0])).containsExactly(new Violation("", "message is empty"));
    assertThat(violations(" \n\t ")).containsExactly(new Violation("", "message is empty"));
  }

  @Test
  void theTopLevelMustBeAnObject() {
    assertThat(violations("42")).containsExactly(new Violation("", "expected object, got integer"));
    assertThat(violations("null")).containsExactly(new Violation("", "expected object, got null"));
    assertThat(violations("\"{}\"")).containsExactly(new Violation("", "expected object, got string"));
  }

  @Test
  void oversizeMessagesAreRefusedBeforeParsing() {
    byte[] big = new byte[300_000];
    Arrays.fill(big, (byte) ' ');
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(big));
    assertThat(e).hasMessage("\"\": message is 300000 bytes; the limit is 262144");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() {
    String json = "{\"AgentVersion\": " + "[".repeat(20) + "]".repeat(20) + "}";
    assertThat(violations(json)).containsExactly(
        new Violation("/AgentVersion" + "/0".repeat(15), "nesting is deeper than 16 levels"));
  }

  @Test
  void stringsLongerThanTheLimitAreRefused() {
    var process = new ProcessCreate.Process("/bin/sh", 1, 0, "0", null, "x".repeat(40_000), Map.of());
    byte[] json = codec.encode(AllKinds.message(List.of(new ProcessCreate(AllKinds.header(1), List.of(process)))));
    assertThat(violations(json)).containsExactly(
        new Violation("/Events/0/Payload/0/CommandLine", "string is 40000 characters long; the limit is 32768"));
  }

  @Test
  void propertyNamesLongerThanTheLimitAreRefused() {
    assertThat(violations("{\"" + "k".repeat(40_000) + "\": 1}"))
        .containsExactly(new Violation("", "property name is longer than 32768 characters"));
  }

  @Test
  void payloadsWithTooManyItemsAreRefused() {
    String items = String.join(",", java.util.Collections.nCopies(10_001, "{}"));
    String json = "{\"Events\": [{\"Name\": \"ListeningPorts\", \"Payload\": [" + items + "]}]}";
    assertThat(violations(json)).containsExactly(
        new Violation("/Events/0/Payload", "has more than 10000 items; the limit is 10000"));
  }

  @Test
  void numbersLongerThanTheLimitAreRefused() {
    assertThat(violations("{\"AgentVersion\": " + "9".repeat(150) + "}"))
        .containsExactly(new Violation("/AgentVersion", "number is longer than 100 characters"));
  }

  @Test
  void limitsCanBeTightened() {
    SecurityMessageCodec strict = new SecurityMessageCodec(new WireLimits(100_000, 5, 64, 2));
    byte[] sample = Reference.samples("valid").get(1);
    WireException e = catchThrowableOfType(WireException.class, () -> strict.decode(sample));
    assertThat(e.violations()).containsExactly(
        new Violation("/Events/0/Payload/1/ExtraDetails", "nesting is deeper than 5 levels"));
    assertThat(strict.limits().maxPayloadItems()).isEqualTo(2);
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new WireLimits(0, 16, 32_768, 10_000)).hasMessage("maxMessageBytes must be positive, was 0");
    assertThatThrownBy(() -> new WireLimits(1, -1, 32_768, 10_000)).hasMessage("maxDepth must be positive, was -1");
    assertThatThrownBy(() -> new WireLimits(1, 1001, 32_768, 10_000)).hasMessage("maxDepth must be at most 1000, was 1001");
    assertThat(WireLimits.defaults()).isEqualTo(new WireLimits(262_144, 16, 32_768, 10_000));
  }

  private List<Violation> violations(String json) {
    return violations(json.getBytes(StandardCharsets.UTF_8));
  }

  private List<Violation> violations(byte[] message) {
    WireException e = catchThrowableOfType(WireException.class, () -> codec.decode(message));
    assertThat(e).as("refused").isNotNull();
    return e.violations();
  }
}
