package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.EventKind;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(encode(m)) is m, for every kind, with every optional field set and with none. */
class RoundTripTest {
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  @Test
  void theFixturesCoverEveryKind() {
    assertThat(AllKinds.full()).extracting(SecurityEvent::kind).containsExactly(EventKind.values());
    assertThat(AllKinds.minimal()).extracting(SecurityEvent::kind).containsExactly(EventKind.values());
    assertThat(Arrays.stream(EventKind.values())).hasSize(21);
  }

  @Test
  void aMessageWithOneEventOfEachKindRoundTrips() throws WireException {
    SecurityMessage message = AllKinds.message(AllKinds.full());
    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  @Test
  void aMessageWithNoOptionalFieldsRoundTrips() throws WireException {
    SecurityMessage message = AllKinds.message(AllKinds.minimal());
    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  static Stream<SecurityEvent> everyEvent() {
    return Stream.concat(AllKinds.full().stream(), AllKinds.minimal().stream());
  }

  @ParameterizedTest
  @MethodSource("everyEvent")
  void eachEventRoundTripsAlone(SecurityEvent event) throws WireException {
    SecurityMessage message = AllKinds.message(List.of(event));
    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  @Test
  void encodingIsDeterministic() {
    SecurityMessage message = AllKinds.message(AllKinds.full());
    assertThat(codec.encode(message)).isEqualTo(codec.encode(message));
  }
}
