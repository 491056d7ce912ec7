package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMapTest {
  @Test
  void behavesLikeALinkedHashMapWhileGrowing() {
    FieldMap map = new FieldMap();
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      map.put("Field" + i, i);
      expected.put("Field" + i, i);
    }
    assertThat(map.put("Field7", "seven")).isEqualTo(7);
    expected.put("Field7", "seven");
    assertThat(map.putIfAbsent("Field8", "eight")).isEqualTo(8);
    assertThat(map.putIfAbsent("Extra", null)).isNull();
    expected.put("Extra", null);
    assertThat(map.containsKey("Extra")).as("a null value is kept, as LinkedHashMap keeps it").isTrue();
    assertThat(map.putIfAbsent("Extra", "now")).isNull();
    expected.put("Extra", "now");
    assertThat(map).isEqualTo(expected).hasSize(101);
    assertThat(new ArrayList<>(map.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
    List<String> visited = new ArrayList<>();
    map.forEach((k, v) -> visited.add(k + "=" + v));
    assertThat(visited).hasSize(101).startsWith("Field0=0").contains("Field7=seven").endsWith("Extra=now");
    assertThat(map.get("Missing")).isNull();
    assertThat(map.get(42)).isNull();
    assertThatThrownBy(() -> map.put(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> map.remove("Field1")).isInstanceOf(UnsupportedOperationException.class);
  }
}
