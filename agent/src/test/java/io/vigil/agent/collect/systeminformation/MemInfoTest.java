package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemInfoTest {
  @Test
  void readsKilobytesAndUnitlessCounters() {
    List<String> problems = new ArrayList<>();
    assertThat(MemInfo.parse(List.of("MemTotal:        4026532 kB", "HugePages_Total:       0", ""), "/proc/meminfo", problems))
        .isEqualTo(Map.of("MemTotal", 4026532L, "HugePages_Total", 0L));
    assertThat(problems).isEmpty();
  }

  @Test
  void skipsAndReportsMalformedLines() {
    List<String> problems = new ArrayList<>();
    Map<String, Long> values = MemInfo.parse(
        List.of("MemTotal: 100 kB", "MemFree: 12 MB", "MemAvailable:", "Swap 5 kB", "SwapFree: 1e3 kB", "Cached: 1 2 3"),
        "/proc/meminfo", problems);
    assertThat(values).isEqualTo(Map.of("MemTotal", 100L));
    assertThat(problems).containsExactly(
        "/proc/meminfo:2: expected 'Name: number [kB]', found 'MemFree: 12 MB'",
        "/proc/meminfo:3: '' is not a number in 'MemAvailable:'",
        "/proc/meminfo:4: expected 'Name: number [kB]', found 'Swap 5 kB'",
        "/proc/meminfo:5: '1e3' is not a number in 'SwapFree: 1e3 kB'",
        "/proc/meminfo:6: expected 'Name: number [kB]', found 'Cached: 1 2 3'");
  }
}
