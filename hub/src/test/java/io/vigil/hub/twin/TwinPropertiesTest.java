package io.vigil.hub.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TwinPropertiesTest {
  private static TwinPatch patch(String json) {
    return TwinPatch.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachPatchBumpsTheVersion() {
    TwinProperties p = TwinProperties.empty().patched(patch("{\"a\":1}"), "desired").patched(patch("{\"b\":2}"), "desired");
    assertThat(p.version()).isEqualTo(3);
    assertThat(p.toJson().toString()).isEqualTo("{\"a\":1,\"b\":2,\"$version\":3}");
  }

  @Test
  void theResultMustStayWithinTheLimit() {
    TwinProperties big = TwinProperties.empty().patched(patch("{\"a\":\"" + "x".repeat(20_000) + "\"}"), "reported");
    assertThatThrownBy(() -> big.patched(patch("{\"b\":\"" + "y".repeat(20_000) + "\"}"), "reported"))
        .isInstanceOf(TwinException.class)
        .hasMessage("reported properties would be 40015 bytes of JSON; the limit is 32768")
        .satisfies(e -> assertThat(((TwinException) e).status()).isEqualTo(413));
    assertThat(big.version()).isEqualTo(2);
  }

  @Test
  void readsItsOwnJsonAndRefusesABadVersion() throws Exception {
    ObjectMapper json = new ObjectMapper();
    TwinProperties p = TwinProperties.fromJson(json.readTree("{\"x\":{\"y\":1},\"$version\":7}"), "/desired");
    assertThat(p.version()).isEqualTo(7);
    assertThat(p.values().toString()).isEqualTo("{\"x\":{\"y\":1}}");
    assertThatThrownBy(() -> TwinProperties.fromJson(json.readTree("{\"x\":1}"), "/reported"))
        .hasMessage("/reported/$version: a positive integer is required, got null");
    assertThatThrownBy(() -> TwinProperties.fromJson(json.readTree("{\"$version\":0}"), "/reported"))
        .hasMessage("/reported/$version: a positive integer is required, got 0");
    assertThatThrownBy(() -> TwinProperties.fromJson(json.readTree("[]"), "/desired")).hasMessage("/desired: a JSON object is required");
  }
}
