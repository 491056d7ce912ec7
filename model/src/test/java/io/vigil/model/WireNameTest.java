package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.event.ConfigurationError;
import io.vigil.model.event.Direction;
import org.junit.jupiter.api.Test;

class WireNameTest {
  @Test
  void pascalCaseBothWays() {
    assertThat(ConfigurationError.ErrorType.NOT_OPTIMAL.wireName()).isEqualTo("NotOptimal");
    assertThat(WireName.parse(Direction.class, "In")).isEqualTo(Direction.IN);
    assertThat(AuthType.X509_CA.wireName()).isEqualTo("X509Ca");
  }

  @Test
  void unknownNameListsTheAllowedOnes() {
    assertThatThrownBy(() -> WireName.parse(Direction.class, "in"))
        .hasMessage("'in' is not one of In, Out");
  }

  @Test
  void deviceIdRefusesTopicCharacters() {
    assertThat(Device.requireValidId("gw-01.plant:A")).isEqualTo("gw-01.plant:A");
    assertThatThrownBy(() -> Device.requireValidId("a/b"))
        .hasMessageStartingWith("device id 'a/b' must be 1-128 characters");
    assertThatThrownBy(() -> Device.requireValidId("a#"))
        .hasMessageStartingWith("device id 'a#' must be");
  }
}
