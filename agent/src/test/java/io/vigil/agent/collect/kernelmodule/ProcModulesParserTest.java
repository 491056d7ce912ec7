package io.vigil.agent.collect.kernelmodule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcModulesParserTest {
  private static ProcModulesParser.Result parse(String text) {
    return ProcModulesParser.parse(text, "/proc/modules");
  }

  @Test
  void everyColumn() {
    ProcModulesParser.Result r = parse("""
        nf_conntrack 176128 2 nf_nat,xt_MASQUERADE, Live 0xffffffffc0a3c000
        vboxdrv 491520 0 - Loading 0x0000000000000000 (OE+)

        ext4 1007616 1 [permanent], Unloading 0xffffffffc0900000
        bridge 311296 - - Live 0xffffffffc0800000
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.modules()).containsExactly(
        new LoadedModule("nf_conntrack", 176128, 2, List.of("nf_nat", "xt_MASQUERADE"), false, "Live", 0xffffffffc0a3c000L, null),
        new LoadedModule("vboxdrv", 491520, 0, List.of(), false, "Loading", 0, "OE+"),
        new LoadedModule("ext4", 1007616, 1, List.of(), true, "Unloading", 0xffffffffc0900000L, null),
        new LoadedModule("bridge", 311296, -1, List.of(), false, "Live", 0xffffffffc0800000L, null));
  }

  @Test
  void malformedLinesAreSkippedAndReportedWithTheirLineNumber() {
    ProcModulesParser.Result r = parse("""
        ok 16384 0 - Live 0xffffffffc0a00000
        short 16384 0 -
        big 12k 0 - Live 0xffffffffc0a00000
        neg -1 0 - Live 0xffffffffc0a00000
        refs 16384 x - Live 0xffffffffc0a00000
        dead 16384 0 - Dead 0xffffffffc0a00000
        addr 16384 0 - Live ffffffffc0a00000
        hex 16384 0 - Live 0xzz
        taint 16384 0 - Live 0xffffffffc0a00000 OE
        long 16384 0 - Live 0xffffffffc0a00000 (OE) extra
        """);
    assertThat(r.modules()).extracting(LoadedModule::name).containsExactly("ok");
    assertThat(r.errors()).containsExactly(
        "/proc/modules:2: 4 fields, expected 6 or 7 (name size references used-by state address [taint]): 'short 16384 0 -'",
        "/proc/modules:3: size '12k' is not a non-negative number",
        "/proc/modules:4: size '-1' is not a non-negative number",
        "/proc/modules:5: reference count 'x' is not a non-negative number",
        "/proc/modules:6: state 'Dead' is not Live, Loading or Unloading",
        "/proc/modules:7: address 'ffffffffc0a00000' is not a hexadecimal 0x... value",
        "/proc/modules:8: address '0xzz' is not a hexadecimal 0x... value",
        "/proc/modules:9: taint 'OE' is not in parentheses, such as (OE)",
        "/proc/modules:10: 8 fields, expected 6 or 7 (name size references used-by state address [taint]): "
            + "'long 16384 0 - Live 0xffffffffc0a00000 (OE) extra'");
  }

  @Test
  void emptyFileHasNoModules() {
    assertThat(parse("")).isEqualTo(new ProcModulesParser.Result(List.of(), List.of()));
  }
}
