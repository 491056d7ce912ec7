package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuInfoTest {
  @Test
  void findsTheModelWhereEachArchitectureWritesIt() {
    assertThat(CpuInfo.model(List.of("processor\t: 0", "model name\t: AMD EPYC"))).isEqualTo("AMD EPYC");
    assertThat(CpuInfo.model(List.of("system type\t\t: Atheros AR9344 rev 2", "processor\t\t: 0", "cpu model\t\t: MIPS 74Kc V5.0")))
        .isEqualTo("MIPS 74Kc V5.0");
    assertThat(CpuInfo.model(List.of("Processor\t: ARMv7 Processor rev 4 (v7l)", "processor\t: 0", "Hardware\t: BCM2835")))
        .isEqualTo("ARMv7 Processor rev 4 (v7l)");
    assertThat(CpuInfo.model(List.of("processor\t: 0", "BogoMIPS\t: 108.00", "Hardware\t: BCM2835"))).isEqualTo("BCM2835");
    assertThat(CpuInfo.model(List.of("processor\t: 0", "BogoMIPS\t: 108.00"))).isNull();
  }

  @Test
  void countsProcessorsAndOnlineLists() {
    assertThat(CpuInfo.processors(List.of("processor\t: 0", "model name\t: x", "", "processor\t: 1"))).isEqualTo(2);
    assertThat(CpuInfo.count("0\n", "online")).isEqualTo(1);
    assertThat(CpuInfo.count("0-3", "online")).isEqualTo(4);
    assertThat(CpuInfo.count("0-1,4,6-7", "online")).isEqualTo(5);
  }

  @Test
  void refusesABadList() {
    assertThatIllegalArgumentException().isThrownBy(() -> CpuInfo.count("0-3,x", "/sys/devices/system/cpu/online"))
        .withMessage("/sys/devices/system/cpu/online: bad CPU list '0-3,x' at 'x'");
    assertThatIllegalArgumentException().isThrownBy(() -> CpuInfo.count("3-1", "/sys/devices/system/cpu/online"))
        .withMessage("/sys/devices/system/cpu/online: bad CPU list '3-1' at '3-1'");
    assertThatIllegalArgumentException().isThrownBy(() -> CpuInfo.count("", "/sys/devices/system/cpu/online"))
        .withMessage("/sys/devices/system/cpu/online: bad CPU list '' at ''");
  }
}
